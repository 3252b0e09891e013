package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The built deployment package (functions/lambda/target/gristmill-lambda): the jars Lambda would load,
 * and a class loader over them alone, as on Lambda (the platform's classes and nothing else).
 */
final class BuiltPackage implements AutoCloseable {
    private final Path dir;
    private final List<Path> jars;
    private final URLClassLoader loader;

    private BuiltPackage(Path dir, List<Path> jars) throws IOException {
        this.dir = dir;
        this.jars = jars;
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) urls[i] = jars.get(i).toUri().toURL();
        this.loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    static BuiltPackage open() throws IOException {
        Path dir = Path.of(System.getProperty(
                "gristmill.package",
                TemplateUnderTest.home()
                        .resolve("functions/lambda/target/gristmill-lambda")
                        .toString()));
        Path lib = dir.resolve("lib");
        assertTrue(
                Files.isDirectory(lib),
                "no deployment package at " + lib.toAbsolutePath()
                        + ": it is built in the package phase (mvn verify, or make package)");
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        return new BuiltPackage(dir, jars);
    }

    Path dir() {
        return dir;
    }

    List<Path> jars() {
        return jars;
    }

    ClassLoader loader() {
        return loader;
    }

    /** The class files of Gristmill's own jars, by class name. */
    Map<String, byte[]> gristmillClasses() throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (Path jar : jars) {
            if (!jar.getFileName().toString().startsWith("gristmill-")) continue;
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : file.stream().toList()) {
                    String name = entry.getName();
                    if (!name.endsWith(".class") || name.endsWith("module-info.class")) continue;
                    try (InputStream in = file.getInputStream(entry)) {
                        classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }

    List<String> jarNames() {
        List<String> names = new ArrayList<>();
        jars.forEach(j -> names.add(j.getFileName().toString()));
        return names;
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
