package io.gristmill.cli;

import io.gristmill.client.JobClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code grist run}'s {@code --output} folder: checked, and claimed, before the job starts, so that a
 * problem with it (a parent that is a file, no permission, another run writing there) is found in a
 * second rather than after the work; and written in the output contract's order at the end. The claim
 * is a hidden file naming the run's process; another run that finds it alive stays away.
 */
final class OutputFolder {
    static final String CLAIM = ".grist-writing";

    /** The folder could not be written after the job ended; the message says why. */
    static final class NotWritten extends Exception {
        NotWritten(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path dir;
    private final boolean created;

    private OutputFolder(Path dir, boolean created) {
        this.dir = dir;
        this.created = created;
    }

    Path dir() {
        return dir;
    }

    /** Checks the folder without touching anything (for errors found with the other arguments). */
    static void check(Path dir) throws UsageException {
        Path absolute = dir.toAbsolutePath().normalize();
        for (Path p = absolute.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new UsageException("output '" + dir + "' cannot be made: '" + p + "' is a file, not a folder;"
                        + " choose another --output");
            }
            if (Files.isDirectory(p)) {
                if (!Files.exists(absolute) && !Files.isWritable(p)) {
                    throw new UsageException("output '" + dir + "' cannot be made: folder '" + p
                            + "' is not writable (check its permissions), or choose another --output");
                }
                break;
            }
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("output '" + dir + "' is a file; give a new or empty folder");
        }
        if (Files.isDirectory(dir)) {
            if (!Files.isWritable(dir)) {
                throw new UsageException(
                        "output folder '" + dir + "' is not writable (check its permissions), or choose another");
            }
            Optional<Long> writer = otherWriter(dir);
            if (writer.isPresent()) {
                throw new UsageException("output folder '" + dir + "' is being written by another grist run (process "
                        + writer.get() + "); choose another --output");
            }
            Optional<Path> any;
            try {
                any = firstEntry(dir);
            } catch (IOException e) {
                throw new UsageException("output folder '" + dir + "' cannot be read: " + describe(e));
            }
            if (any.isPresent()) {
                throw new UsageException("output folder '" + dir + "' already exists and is not empty (it holds "
                        + any.get().getFileName() + "); choose a new folder or empty it first (nothing was written)");
            }
        }
    }

    /** Checks the folder again, makes it if needed, and marks it as this run's. */
    static OutputFolder claim(Path dir) throws UsageException {
        check(dir);
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(CLAIM)); // a dead run's (check found no live one)
            Files.writeString(
                    dir.resolve(CLAIM),
                    ProcessHandle.current().pid() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException("output folder '" + dir + "' was claimed by another grist run just now; choose"
                    + " another --output");
        } catch (IOException e) {
            throw new UsageException("output folder '" + dir + "' cannot be made or written: " + e.getMessage());
        }
        return new OutputFolder(dir, created);
    }

    /**
     * Copies the job's output here (parts, then {@code _JOB.json}, then {@code _SUCCESS}); the folder
     * must still hold nothing but this run's claim.
     */
    Map<String, Path> write(JobClient client, String prefix) throws NotWritten {
        try {
            Optional<Path> intruder = firstEntry(dir);
            if (intruder.isPresent()) {
                throw new NotWritten(
                        "'" + intruder.get().getFileName() + "' appeared in it while the job ran, and a job never"
                                + " writes into a folder that holds data",
                        null);
            }
            return client.fetch(prefix, dir);
        } catch (IOException | RuntimeException e) {
            throw new NotWritten(describe(e), e);
        }
    }

    /** Ends the claim; a folder this run made and left empty goes too. */
    void release() {
        try {
            Files.deleteIfExists(dir.resolve(CLAIM));
            if (created && firstEntry(dir).isEmpty()) Files.deleteIfExists(dir);
        } catch (IOException e) {
            // the claim of a dead process is ignored by the next run
        }
    }

    /** The first entry other than a claim, if any. */
    private static Optional<Path> firstEntry(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().equals(CLAIM))
                    .sorted()
                    .findFirst();
        }
    }

    /** The process of another live run that claimed the folder, if any. */
    private static Optional<Long> otherWriter(Path dir) {
        try {
            long pid = Long.parseLong(
                    Files.readString(dir.resolve(CLAIM), StandardCharsets.UTF_8).trim());
            if (pid == ProcessHandle.current().pid()) return Optional.empty();
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An I/O error in words: NIO's exceptions often name only a path. */
    static String describe(Throwable e) {
        Throwable t = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
        if (t instanceof FileSystemException fs) {
            String why = fs.getReason() != null
                    ? fs.getReason().toLowerCase(java.util.Locale.ROOT)
                    : switch (fs.getClass().getSimpleName()) {
                        case "NoSuchFileException" -> "no such file or folder";
                        case "AccessDeniedException" -> "permission denied";
                        case "FileAlreadyExistsException" -> "a file of that name is in the way";
                        default -> "cannot be written";
                    };
            return (fs.getFile() == null ? "" : fs.getFile() + ": ") + why;
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    static List<String> partNames(Map<String, Path> files) {
        return files.keySet().stream().filter(n -> n.startsWith("part-")).toList();
    }
}
