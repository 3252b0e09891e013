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
 * A user's job, compiled from source at test time against the API jar and packed into its own jar,
 * so that loading it proves the --jar path (these classes are on no class path of the test).
 */
final class UserJobJar {
    static final String MAPPER = "com.acme.LineLengths";
    static final String REDUCER = "com.acme.Count";

    private static final String MAPPER_SOURCE = """
            package com.acme;

            import io.gristmill.api.*;

            /** Counts lines by length, rounded down to a multiple of the 'bucket' parameter. */
            public class LineLengths implements Mapper {
                private int bucket;

                @Override
                public void setup(TaskContext context) {
                    bucket = Integer.parseInt(context.parameter("bucket", "10"));
                }

                @Override
                public void map(InputRecord record, Emitter output) {
                    int b = record.line().length() / bucket * bucket;
                    output.emit(String.format("%05d", b), "1");
                }
            }
            """;

    private static final String REDUCER_SOURCE = """
            package com.acme;

            import io.gristmill.api.*;

            public class Count implements Reducer, Combiner {
                @Override
                public void reduce(String key, Iterable<String> values, Emitter output) {
                    output.emit(key, Long.toString(sum(values)));
                }

                @Override
                public void combine(String key, Iterable<String> values, Emitter output) {
                    output.emit(key, Long.toString(sum(values)));
                }

                private static long sum(Iterable<String> values) {
                    long n = 0;
                    for (String v : values) n += Long.parseLong(v);
                    return n;
                }
            }
            """;

    private UserJobJar() {}

    static Path build(Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/com/acme"));
        Files.writeString(src.resolve("LineLengths.java"), MAPPER_SOURCE);
        Files.writeString(src.resolve("Count.java"), REDUCER_SOURCE);
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
            for (String line : Oracle.lines(f)) counts.merge(String.format("%05d", line.length() / bucket * bucket), 1L, Long::sum);
        }
        return counts.entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue()).toList();
    }
}
