package io.gristmill.local.stack;

import io.gristmill.client.StackRecord;
import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder that holds a stack's state ({@code .gristmill/stack/} by default), owned by one running stack
 * at a time:
 *
 * <pre>
 * stack.lock      locked by the running stack's process (the OS drops the lock when the process dies)
 * stack.json      the running stack's {@link StackRecord}; left behind by a kill, replaced at the next start
 * stack.log       the output of a stack started in the background
 * s3/ s3-journal/ sqs/ dynamodb/    the emulators' data
 * jars/           the user's job jars (grist deploy-jar)
 * logs/&lt;start time&gt;/  the function instances' logs of each run of the stack (the last ten runs are kept)
 * </pre>
 */
public final class StateFolder implements AutoCloseable {
    static final String LOCK = "stack.lock";
    static final String RECORD = "stack.json";
    public static final String LOG = "stack.log";
    private static final int RUNS_KEPT = 10;

    /** What a state folder says about its stack, read without taking it. */
    public sealed interface Status permits Running, Stale, Stopped {}

    /** A process holds the folder: its pid (0 if unknown) and its record, if it finished starting. */
    public record Running(long pid, Optional<StackRecord> record) implements Status {}

    /** No process holds it, but a record says one did: it was killed, or crashed. */
    public record Stale(StackRecord record) implements Status {}

    /** Nobody holds it. */
    public record Stopped() implements Status {}

    /**
     * Folders this JVM holds. Closing any channel of a locked file may drop the JVM's lock on it (POSIX
     * record locks are per process), so this JVM never opens the lock file of a folder it holds.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final StackRecord previous;

    private StateFolder(Path dir, FileChannel lockChannel, FileLock lock, StackRecord previous) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.previous = previous;
    }

    /**
     * Takes the folder for a stack about to start: creates it, checks that it can be written, and locks
     * it.
     *
     * @throws StackException.AlreadyRunning when another stack holds it
     * @throws StackException when it cannot be created or written
     */
    public static StateFolder take(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Path probe = dir.resolve(".write-probe");
            Files.writeString(probe, "probe");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new StackException("cannot write the state folder " + dir + " (permission denied on " + e.getFile()
                    + "); give a folder you can write with --state DIR, or fix its permissions");
        } catch (IOException e) {
            throw new StackException("cannot write the state folder " + dir + ": " + describe(e)
                    + "; give another folder with --state DIR");
        }
        if (HELD.contains(dir)) {
            Optional<StackRecord> record = readRecord(dir);
            throw new StackException.AlreadyRunning(
                    "a stack of this process already runs with the state folder " + dir, record.orElse(null));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very process holds it
            }
            if (lock == null) {
                channel.close();
                Optional<StackRecord> record = readRecord(dir);
                throw new StackException.AlreadyRunning(
                        record.map(r -> "a stack is already running with the state folder " + dir + ": endpoint "
                                        + r.endpoint() + ", pid " + r.pid())
                                .orElse("a stack is starting with the state folder " + dir
                                        + " (another grist up); wait for it, or stop it with grist down"),
                        record.orElse(null));
            }
            // The holder's pid, for grist down while the stack is still starting (no record yet).
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(
                    Long.toString(ProcessHandle.current().pid()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            StackRecord previous = readRecord(dir).orElse(null);
            HELD.add(dir);
            return new StateFolder(dir, channel, lock, previous);
        } catch (IOException e) {
            try {
                if (channel != null) channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            throw new StackException("cannot lock the state folder " + dir + ": " + describe(e));
        }
    }

    /** The folder's status, for commands that do not run the stack (grist up before it starts one, grist down). */
    public static Status status(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        Path lockFile = dir.resolve(LOCK);
        if (HELD.contains(dir)) return new Running(ProcessHandle.current().pid(), readRecord(dir));
        if (!Files.exists(lockFile)) {
            return readRecord(dir).<Status>map(Stale::new).orElse(new Stopped());
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                return new Running(ProcessHandle.current().pid(), readRecord(dir));
            }
            if (lock == null) return new Running(lockHolder(lockFile), readRecord(dir));
            lock.release();
        } catch (IOException e) {
            // unreadable: treat as not running, and let take() say what is wrong
        }
        return readRecord(dir).<Status>map(Stale::new).orElse(new Stopped());
    }

    /** Removes the record a killed stack left behind (its state stays). */
    public static void forgetStale(Path folder) {
        try {
            Files.deleteIfExists(folder.toAbsolutePath().normalize().resolve(RECORD));
        } catch (IOException e) {
            // the next start replaces it anyway
        }
    }

    private static long lockHolder(Path lockFile) {
        try {
            return Long.parseLong(Files.readString(lockFile).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    static Optional<StackRecord> readRecord(Path dir) {
        Path file = dir.resolve(RECORD);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(StackRecord.fromJson(Files.readString(file)))
                    : Optional.empty();
        } catch (IOException | Json.JsonException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public Path dir() {
        return dir;
    }

    /** The record an earlier run left: it was not stopped cleanly (killed, or its machine crashed). */
    public Optional<StackRecord> previous() {
        return Optional.ofNullable(previous);
    }

    /** Publishes the running stack's record (written whole, then renamed: a reader never sees half of it). */
    public void writeRecord(StackRecord record) throws IOException {
        Path tmp = dir.resolve(RECORD + ".tmp");
        Files.writeString(tmp, record.toJson());
        Files.move(tmp, dir.resolve(RECORD), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path jarsDir() {
        return dir.resolve("jars");
    }

    /** The user's jars, by file name. */
    public List<Path> jars() throws IOException {
        Path jars = jarsDir();
        if (!Files.isDirectory(jars)) return List.of();
        try (Stream<Path> files = Files.list(jars)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    /**
     * A new folder for this run's function logs, {@code logs/<start time>}; the oldest runs' folders go
     * beyond the last ten.
     */
    Path newRunLogs(String runName) throws IOException {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        try (Stream<Path> runs = Files.list(logs)) {
            List<Path> old = new ArrayList<>(runs.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(Path::getFileName))
                    .toList());
            // Folders of one run: <name>, <name>.2 (after a deploy-jar)...; count runs by their first folder.
            List<Path> firsts = old.stream()
                    .filter(p -> !p.getFileName().toString().contains("."))
                    .toList();
            for (int i = 0; i < firsts.size() - (RUNS_KEPT - 1); i++) {
                String name = firsts.get(i).getFileName().toString();
                for (Path p : old) {
                    String n = p.getFileName().toString();
                    if (n.equals(name) || n.startsWith(name + ".")) FileTree.delete(p);
                }
            }
        }
        return Files.createDirectories(logs.resolve(runName));
    }

    /** Releases the folder: the record goes (a clean stop), the lock is dropped, the state stays. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(dir.resolve(RECORD));
        } catch (IOException e) {
            // the next start replaces it
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the process's end drops it anyway
        }
        HELD.remove(dir);
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return m == null ? e.toString() : m;
    }
}
