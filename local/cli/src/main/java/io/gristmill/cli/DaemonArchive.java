package io.gristmill.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An AppCDS archive of the classes the stack of {@code grist up} loads (S3Proxy, ElasticMQ, the AWS SDK...),
 * so that its JVM maps them instead of parsing and verifying them at every start: that halves the CPU a
 * start costs. The first {@code grist up} after a build records it as the stack exits ({@code grist down});
 * later ones map it. Only for the launcher's own jar ({@code gristmill-cli.jar} and its {@code lib/}),
 * whose contents name the archive; {@code GRIST_DAEMON_CDS=off} turns it off.
 */
final class DaemonArchive {
    private static final int KEEP = 2;

    private final Path dir;
    private final String key;

    private DaemonArchive(Path dir, String key) {
        this.dir = dir;
        this.key = key;
    }

    /** The archive of this launcher, if it runs from the packaged CLI jar. */
    static Optional<DaemonArchive> forThisLauncher() {
        if ("off".equalsIgnoreCase(System.getenv("GRIST_DAEMON_CDS"))) return Optional.empty();
        String classPath = System.getProperty("java.class.path", "");
        Path jar = Path.of(classPath);
        if (classPath.contains(java.io.File.pathSeparator)
                || !jar.getFileName().toString().equals("gristmill-cli.jar")) {
            return Optional.empty();
        }
        try {
            List<Path> jars = new ArrayList<>(List.of(jar));
            Path lib = jar.toAbsolutePath().getParent().resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> files = Files.list(lib)) {
                    files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
                }
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((System.getProperty("java.home") + "\n" + Runtime.version() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            for (Path p : jars) {
                sha.update((p.toAbsolutePath() + " " + Files.size(p) + " "
                                + Files.getLastModifiedTime(p).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            String cache = System.getenv("XDG_CACHE_HOME");
            Path base = cache != null && !cache.isBlank()
                    ? Path.of(cache)
                    : Path.of(System.getProperty("user.home"), ".cache");
            Path dir = Files.createDirectories(
                    base.resolve("gristmill").resolve("cds").resolve("stack"));
            return Optional.of(new DaemonArchive(dir, HexFormat.of().formatHex(sha.digest(), 0, 8)));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Path archive() {
        return dir.resolve("stack-" + key + ".jsa");
    }

    private Path recording() {
        return dir.resolve("stack-" + key + ".jsa.part");
    }

    /**
     * The stack JVM's flags: map the archive, or record it when there is none yet (unless another stack is
     * recording it: one recording at a time).
     */
    List<String> flags() {
        if (Files.isRegularFile(archive())) return List.of("-XX:SharedArchiveFile=" + archive(), "-Xlog:cds=off");
        Path part = recording();
        try {
            if (Files.isRegularFile(part)
                    && System.currentTimeMillis()
                                    - Files.getLastModifiedTime(part).toMillis()
                            < 86_400_000L) {
                return List.of();
            }
            Files.deleteIfExists(part);
            Files.writeString(part, ""); // claims the recording; the JVM overwrites it as it exits
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:ArchiveClassesAtExit=" + part, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * After the stack's JVM exited on its own (grist down): what it recorded becomes the archive. A JVM that
     * was killed may have left half an archive, which is dropped.
     */
    void stackExited(boolean cleanly) {
        try {
            Path part = recording();
            if (!Files.isRegularFile(part)) return;
            if (!cleanly || Files.size(part) == 0) {
                Files.deleteIfExists(part);
                return;
            }
            Files.move(part, archive(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            prune();
        } catch (IOException e) {
            // no archive this time: the stack starts without one
        }
    }

    private void prune() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> archives = files.filter(p -> p.toString().endsWith(".jsa"))
                    .sorted(Comparator.comparing(DaemonArchive::modified).reversed())
                    .toList();
            for (Path old : archives.subList(Math.min(KEEP, archives.size()), archives.size())) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
