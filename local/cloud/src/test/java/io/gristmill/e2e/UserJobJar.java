package io.gristmill.e2e;

import io.gristmill.api.Mapper;
import io.gristmill.testing.TestJar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The example user job (examples/line-lengths), compiled from source at test time against the API
 * jar and packed into its own jar, so that loading it proves the --jar path (these classes are on
 * no class path of the test) and the README's example keeps compiling.
 */
final class UserJobJar {
    static final String MAPPER = "com.example.LineLengths";
    static final String REDUCER = "com.example.Count";
    /** The example project the README points to: this test keeps it working. */
    static final Path SOURCES = Path.of(
            System.getProperty("gristmill.home", ".."),
            "examples",
            "line-lengths",
            "src",
            "main",
            "java",
            "com",
            "example");

    private UserJobJar() {}

    static Path build(Path dir) {
        return TestJar.compile(
                dir,
                "my-job",
                List.of(SOURCES.resolve("LineLengths.java"), SOURCES.resolve("Count.java")),
                List.of(Mapper.class));
    }

    /** What the job computes, the straightforward way. */
    static List<String> expected(List<Path> files, int bucket) throws IOException {
        java.util.TreeMap<String, Long> counts = new java.util.TreeMap<>();
        for (Path f : files) {
            for (String line : Oracle.lines(f))
                counts.merge(String.format("%06d", line.length() / bucket * bucket), 1L, Long::sum);
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "\t" + e.getValue())
                .toList();
    }
}
