package io.gristmill.bench;

import io.gristmill.local.Home;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of each system's child JVM: the same java as the harness, the system's own class
 * path (from target/classpath/, written by the build and by bench/run), and the flags it needs.
 */
final class ChildJvms {
    /** What spark-submit adds on Java 17 (Spark's launcher JavaModuleOptions), so Spark runs as its users run it. */
    private static final List<String> SPARK_FLAGS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final Path benchJar;
    private final Path classpathDir;
    private final List<String> extraOptions;

    ChildJvms(List<String> extraOptions) {
        this.benchJar = ownLocation();
        this.classpathDir = benchJar.getParent().resolve("classpath");
        this.extraOptions = extraOptions;
    }

    List<String> command(String system, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(extraOptions);
        if (system.equals("spark")) cmd.addAll(SPARK_FLAGS);
        if (system.startsWith("grist")) cmd.add("-Dgristmill.home=" + Home.dir());
        cmd.add("-cp");
        cmd.add(classpath(system));
        cmd.add("io.gristmill.bench.child.ChildMain");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Fails early, before any input is generated, if an engine's class path was never resolved. */
    void check(List<String> systems) {
        for (String s : systems) classpath(s);
    }

    private String classpath(String system) {
        List<String> parts = new ArrayList<>();
        parts.add(benchJar.toString());
        switch (system) {
            case "gristmill", "gristmill-process", "gristmill-256mb" -> parts.add(read("gristmill"));
            case "java1", "java2" -> parts.add(read("tokenizer")); // ordinary Java: nothing but the tokenizer
            case "grist" -> {} // a command: the harness's own classes start it
            case "spark", "hadoop" -> {
                parts.add(read("tokenizer"));
                parts.add(read(system));
            }
            default -> throw new IllegalArgumentException("unknown system " + system);
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    private String read(String name) {
        Path file = classpathDir.resolve(name + ".txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run bench/run, which builds the module and resolves"
                    + " bench/engines/*/pom.xml (mvn -f bench/engines/" + name + "/pom.xml dependency:build-classpath"
                    + " -Dmdep.outputFile=" + file + ")");
        }
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path ownLocation() {
        try {
            return Path.of(ChildJvms.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
