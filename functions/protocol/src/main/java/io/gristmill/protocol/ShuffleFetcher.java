package io.gristmill.protocol;

import io.gristmill.engine.shuffle.Segment;
import io.gristmill.protocol.cloud.ObjectStore;
import io.gristmill.protocol.message.ReduceInput;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches a reduce task's partition of every map (or merge) output: one ranged GET each, several at
 * a time.
 * Small segments stay in memory within a budget; the rest go to local disk, so a partition larger
 * than the heap still reduces (the merge then streams from disk).
 */
final class ShuffleFetcher {
    static final int PARALLEL_GETS = 32;
    static final long MAX_IN_MEMORY_SEGMENT = 8L << 20;

    private ShuffleFetcher() {}

    /** @param merged whether the inputs name merge outputs (a two-level shuffle) rather than map outputs */
    static List<Segment> fetch(ObjectStore s3, String jobId, boolean merged, List<ReduceInput> inputs, Path dir)
            throws Exception {
        if (inputs.isEmpty()) return List.of();
        AtomicLong memoryLeft = new AtomicLong(Runtime.getRuntime().maxMemory() / 4);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_GETS, inputs.size()), r -> {
            Thread t = new Thread(r, "shuffle-fetch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Segment>> futures = new ArrayList<>();
            for (ReduceInput in : inputs) {
                futures.add(
                        pool.submit(() -> fetchOne(s3, Keys.shuffleRun(jobId, merged, in.map()), in, dir, memoryLeft)));
            }
            List<Segment> segments = new ArrayList<>(inputs.size());
            for (Future<Segment> f : futures) segments.add(f.get());
            return segments;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Segment fetchOne(ObjectStore s3, String key, ReduceInput in, Path dir, AtomicLong memoryLeft)
            throws Exception {
        if (in.length() <= MAX_IN_MEMORY_SEGMENT && memoryLeft.addAndGet(-in.length()) >= 0) {
            byte[] bytes = s3.read(key, in.offset(), in.length());
            return Segment.ofBytes(bytes, 0, bytes.length);
        }
        Path file = dir.resolve("segment-" + in.map());
        try (InputStream body = s3.open(key, in.offset(), in.offset() + in.length())) {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return Segment.ofFile(file, 0, in.length());
    }
}
