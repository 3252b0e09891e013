package io.gristmill.cli;

import io.gristmill.engine.files.FileTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local cloud's files for one {@code grist run} ({@code gristmill-run-*} in the temporary folder):
 * S3's objects (a copy of the input, the output), the instances' /tmp and logs. A run removes its own
 * as it ends, unless it keeps them on purpose (a failed job, an output it could not write,
 * {@code --keep-state}), and marks them with the process that owns them, so that the next run can
 * remove what dead runs left: any folder whose process is gone and that was not kept; kept ones
 * after {@link #KEEP_DAYS} days, or beyond the newest {@link #KEEP_RUNS}.
 */
final class RunState {
    static final String PREFIX = "gristmill-run-";
    /** The owner's process id and start time, written first: a folder without it is from an older grist. */
    static final String OWNER = "grist.pid";
    /** Why a run kept its folder; present only in kept folders. */
    static final String KEPT = "grist.kept";

    static final int KEEP_RUNS = 5;
    static final int KEEP_DAYS = 7;
    /** A folder of an older grist, without an owner, is removed once untouched for this long. */
    static final Duration UNOWNED_AGE = Duration.ofDays(1);

    private final Path dir;

    private RunState(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** A new folder, marked as this process's. */
    static RunState create() throws IOException {
        Path dir = Files.createTempDirectory(PREFIX);
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(dir.resolve(OWNER), self.pid() + " " + startOf(self).orElse(0L) + "\n");
        return new RunState(dir);
    }

    /** Marks the folder as kept on purpose, saying why. */
    void keep(String why) {
        try {
            Files.writeString(dir.resolve(KEPT), why + "\n");
        } catch (IOException e) {
            // a folder left unmarked is only removed sooner
        }
    }

    void delete() {
        FileTree.delete(dir);
    }

    /**
     * Removes what dead runs left in the temporary folder (this run's own folder is alive). Returns
     * what was removed, for a message. Never fails: tidying up must not stop a run.
     */
    static List<String> sweep(Path tmp, Instant now) {
        List<Path> runs = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path p : entries) if (Files.isDirectory(p)) runs.add(p);
        } catch (IOException e) {
            return removed;
        }
        List<Path> kept = new ArrayList<>();
        for (Path run : runs) {
            Optional<Boolean> alive = ownerAlive(run);
            boolean remove;
            if (alive.isEmpty()) { // an older grist's: no owner to ask, so only once long untouched
                remove = lastModified(run)
                        .map(t -> t.plus(UNOWNED_AGE).isBefore(now))
                        .orElse(false);
            } else if (alive.get()) {
                remove = false;
            } else if (Files.exists(run.resolve(KEPT))) {
                kept.add(run);
                remove = false;
            } else {
                remove = true;
            }
            if (remove) {
                FileTree.delete(run);
                removed.add(run.toString());
            }
        }
        kept.sort(Comparator.comparing((Path p) -> lastModified(p.resolve(KEPT)).orElse(Instant.EPOCH))
                .reversed());
        for (int i = 0; i < kept.size(); i++) {
            Path run = kept.get(i);
            boolean old = lastModified(run.resolve(KEPT))
                    .map(t -> t.plus(Duration.ofDays(KEEP_DAYS)).isBefore(now))
                    .orElse(true);
            if (i >= KEEP_RUNS || old) {
                FileTree.delete(run);
                removed.add(run.toString());
            }
        }
        // dynalite's log of a run that was killed (a live one's is rewritten only as it starts)
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(tmp, "gristmill-dynalite-*.log")) {
            for (Path log : logs) {
                if (lastModified(log)
                        .map(t -> t.plus(UNOWNED_AGE).isBefore(now))
                        .orElse(false)) {
                    Files.deleteIfExists(log);
                }
            }
        } catch (IOException e) {
            // tidying up only
        }
        return removed;
    }

    /** Whether the process that made the folder still runs; empty for a folder without an owner. */
    static Optional<Boolean> ownerAlive(Path run) {
        String owner;
        try {
            owner = Files.readString(run.resolve(OWNER), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] parts = owner.split(" ");
        try {
            long pid = Long.parseLong(parts[0]);
            long started = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            // A process id is reused after its process ends: the start time tells them apart.
            return Optional.of(p.isPresent()
                    && p.get().isAlive()
                    && (started == 0 || startOf(p.get()).orElse(started) == started));
        } catch (NumberFormatException e) {
            return Optional.of(false);
        }
    }

    private static Optional<Long> startOf(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli);
    }

    /** When anything in the folder (or the file) last changed. */
    private static Optional<Instant> lastModified(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.map(f -> {
                        try {
                            return Files.getLastModifiedTime(f).toInstant();
                        } catch (IOException e) {
                            return Instant.EPOCH;
                        }
                    })
                    .max(Comparator.naturalOrder());
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
