package io.gristmill.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Puts files in a bucket several at once: one at a time leaves the link and the cores mostly idle. Used for
 * PUTs ({@link JobClient#upload}) and for the local cloud's direct stores alike.
 */
public final class ParallelPuts {
    private ParallelPuts() {}

    /** Stores one file under its key. */
    public interface Put {
        void put(Path file, String key) throws IOException;
    }

    /**
     * Runs {@code put} for every file (keys by file), up to {@code threads} at once. The first failure is
     * thrown and the puts not yet done are abandoned.
     */
    public static void run(Map<Path, String> keys, int threads, Put put) throws IOException {
        int n = Math.min(threads, keys.size());
        if (n <= 1) {
            for (var e : keys.entrySet()) put.put(e.getKey(), e.getValue());
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "put-files");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> puts = new ArrayList<>();
            keys.forEach((file, key) -> puts.add(pool.submit(() -> {
                put.put(file, key);
                return null;
            })));
            for (Future<?> f : puts) f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while putting files in the bucket", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
