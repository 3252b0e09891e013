package io.gristmill.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources kept as test resources into a jar of their own, so that the classes are on
 * no class path but the one a test gives them (a function process, or a user's --jar).
 */
public final class TestJar {
    private TestJar() {}

    /**
     * @param resources source files under src/test/resources, e.g. {@code functions/Probe.java}
     * @param apiClasses classes whose jars the sources compile against
     */
    public static Path build(Path dir, String name, List<String> resources, List<Class<?>> apiClasses) {
        try {
            Path src = Files.createDirectories(dir.resolve(name + "-src"));
            List<Path> sources = new ArrayList<>();
            for (String resource : resources) {
                Path file = src.resolve(resource.substring(resource.lastIndexOf('/') + 1));
                try (InputStream in = TestJar.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) throw new IllegalArgumentException("no test resource " + resource);
                    Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                sources.add(file);
            }
            return compile(dir, name, sources, apiClasses);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles source files into {@code dir/name.jar}, against the jars of {@code apiClasses}. */
    public static Path compile(Path dir, String name, List<Path> sources, List<Class<?>> apiClasses) {
        try {
            Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
            List<String> args = new ArrayList<>(List.of(
                    "-d",
                    classes.toString(),
                    "--release",
                    "17",
                    "-cp",
                    String.join(
                            java.io.File.pathSeparator,
                            apiClasses.stream().map(TestJar::location).toList())));
            for (Path source : sources) args.add(source.toString());
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int rc = javac.run(null, null, null, args.toArray(String[]::new));
            if (rc != 0) throw new IllegalStateException("javac failed: " + rc);
            Path jar = dir.resolve(name + ".jar");
            try (OutputStream os = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(os);
                    Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(
                            new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
