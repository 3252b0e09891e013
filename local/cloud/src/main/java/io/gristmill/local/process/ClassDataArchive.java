package io.gristmill.local.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An AppCDS archive of the classes function instances load, so that a cold start maps them instead
 * of parsing and verifying them again: it halves a cold start of our handlers (most of which is the
 * AWS SDK's classes). The first instance of each function in a runtime without an archive records
 * one when it stops ({@code -XX:ArchiveClassesAtExit}); the largest record becomes the archive.
 * Archives are named after the exact class path, its jars' sizes and times and the JVM, so a
 * rebuilt jar never meets a stale archive. The JVM checks the archive again and ignores one that
 * does not match; classes are the same either way, only the start-up differs.
 */
final class ClassDataArchive {
    /** Archives kept: one per recent build of each class path (tests and the CLI have different ones). */
    private static final int KEEP = 4;

    private final Path dir;
    private final String key;
    private final Set<String> recording = ConcurrentHashMap.newKeySet();

    private ClassDataArchive(Path dir, String key) {
        this.dir = dir;
        this.key = key;
    }

    static ClassDataArchive forPackage(Path dir, DeploymentPackage pkg) throws IOException {
        Files.createDirectories(dir);
        return new ClassDataArchive(dir, key(pkg));
    }

    /** ~/.cache/gristmill/cds, or under XDG_CACHE_HOME. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("gristmill").resolve("cds");
    }

    private Path archive() {
        return dir.resolve(key + ".jsa");
    }

    private Path record(String function) {
        return dir.resolve(key + "." + function + ".part");
    }

    /** Whether this instance records the archive: the first of its function, while there is none. */
    boolean records(String function) {
        return !Files.isRegularFile(archive()) && recording.add(function);
    }

    /** The JVM flags of an instance; {@code records} tells whether it is the one that records. */
    List<String> flags(String function, boolean records) {
        if (records) return List.of("-XX:ArchiveClassesAtExit=" + record(function), "-Xlog:cds=off,cds+dynamic=off");
        if (Files.isRegularFile(archive())) return List.of("-XX:SharedArchiveFile=" + archive(), "-Xlog:cds=off");
        return List.of();
    }

    /**
     * After a recording instance is gone: its archive is complete only if the JVM shut down (a
     * SIGKILL mid-dump leaves a partial file), and is kept if it holds more than the current one.
     */
    void recorded(String function, int exitStatus) {
        Path part = record(function);
        try {
            if (exitStatus == 137 || !Files.isRegularFile(part) || Files.size(part) == 0) {
                Files.deleteIfExists(part);
                return;
            }
            Path target = archive();
            if (Files.isRegularFile(target) && Files.size(target) >= Files.size(part)) {
                Files.delete(part);
                return;
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            prune();
        } catch (IOException e) {
            // no archive this time: instances start without one
        }
    }

    private void prune() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().endsWith(".jsa"))
                    .sorted(Comparator.comparing(ClassDataArchive::modified).reversed())
                    .toList();
            for (Path old : archives.subList(Math.min(KEEP, archives.size()), archives.size()))
                Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static String key(DeploymentPackage pkg) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((System.getProperty("java.home") + "\n" + Runtime.version() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (Path p : pkg.classPath()) {
                String stamp = p + " "
                        + (Files.isRegularFile(p)
                                ? Files.size(p) + " "
                                        + Files.getLastModifiedTime(p).toMillis()
                                : "dir");
                sha.update((stamp + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "functions-" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
