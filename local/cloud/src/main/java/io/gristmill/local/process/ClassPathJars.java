package io.gristmill.local.process;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The jars of the running JVM's class path, by file name: {@code java.class.path} and, recursively,
 * the {@code Class-Path} of their manifests. That covers {@code java -jar gristmill-local.jar}
 * (whose manifest names lib/*.jar) and Surefire's manifest-only jar alike.
 */
final class ClassPathJars {
    private ClassPathJars() {}

    static Map<String, Path> of(String classPath) {
        Map<String, Path> byName = new LinkedHashMap<>();
        Deque<Path> todo = new ArrayDeque<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) todo.add(Path.of(entry).toAbsolutePath().normalize());
        }
        while (!todo.isEmpty()) {
            Path jar = todo.poll();
            if (!Files.isRegularFile(jar) || byName.containsValue(jar)) continue;
            byName.putIfAbsent(jar.getFileName().toString(), jar);
            todo.addAll(manifestClassPath(jar));
        }
        return byName;
    }

    /** The jar or directory a resource comes from (e.g. a class file), or null. */
    static Path sourceOf(ClassLoader loader, String resource) {
        URL url = loader.getResource(resource);
        if (url == null) return null;
        String s = url.toString();
        try {
            if (s.startsWith("jar:")) return Path.of(new URI(s.substring(4, s.indexOf("!/"))));
            if (s.startsWith("file:")) {
                Path file = Path.of(url.toURI());
                for (String ignored : resource.split("/")) file = file.getParent();
                return file;
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    private static List<Path> manifestClassPath(Path jar) {
        List<Path> out = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null) return out;
            URI base = jar.toUri();
            for (String entry : cp.trim().split("\\s+")) {
                if (entry.isEmpty()) continue;
                try {
                    URI uri = base.resolve(new URI(entry)); // relative to the jar, as the JVM resolves it
                    if ("file".equals(uri.getScheme())) out.add(Path.of(uri).normalize());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // an entry the JVM would skip too
                }
            }
        } catch (IOException e) {
            // not a jar: nothing more to follow
        }
        return out;
    }
}
