package io.gristmill.e2e;

import io.gristmill.api.Mapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The example user job (examples/line-lengths), compiled from source at test time against the API
 * jar and packed into its own jar, so that loading it proves the --jar path (these classes are on
 * no class path of the test) and the README's example keeps compiling.
 */
final class UserJobJar {
    static final String MAPPER = "com.example.LineLengths";
    static final String REDUCER = "com.example.Count";
    /** The example project the README points to: this test keeps it working. */
    static final Path SOURCES = Path.of(System.getProperty("gristmill.home", ".."), "examples", "line-lengths",
            "src", "main", "java", "com", "example");

    private UserJobJar() {}

    static Path build(Path dir) throws Exception {
        Path src = SOURCES;
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String api = Path.of(Mapper.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", api, "--release", "17",
                src.resolve("LineLengths.java").toString(), src.resolve("Count.java").toString());
        if (rc != 0) throw new IllegalStateException("javac failed: " + rc);
        Path jar = dir.resolve("my-job.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** What the job computes, the straightforward way. */
    static List<String> expected(List<Path> files, int bucket) throws IOException {
        java.util.TreeMap<String, Long> counts = new java.util.TreeMap<>();
        for (Path f : files) {
            for (String line : Oracle.lines(f)) counts.merge(String.format("%06d", line.length() / bucket * bucket), 1L, Long::sum);
        }
        return counts.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList();
    }
}
