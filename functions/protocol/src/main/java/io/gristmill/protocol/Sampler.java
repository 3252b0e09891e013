package io.gristmill.protocol;

import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.engine.input.RangeReader;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.task.BasicTaskContext;
import io.gristmill.engine.task.Counters;
import io.gristmill.engine.task.JobFunctions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples a job's map output before any map runs: it runs the job's own mapper over windows of up to
 * 16 splits and keeps the keys it emits and how many bytes of map output each byte of input makes.
 * A range partitioner's split points come from the keys (the paper's sort); the bytes tell planning
 * how large the partitions will be. The windows are fixed by the job id, so a retried coordinator
 * samples the same.
 */
public final class Sampler {
    static final int MAX_SPLITS = 16;
    static final long WINDOW = 256 << 10;
    static final int MAX_KEYS_PER_SPLIT = 10_000;
    /** Split points are truncated: any prefix is a valid boundary, and short ones keep messages small. */
    static final int MAX_POINT_LENGTH = 64;

    private Sampler() {}

    /**
     * What the sample saw.
     *
     * @param keys every key emitted, sorted
     * @param inputBytes input bytes the windows covered
     * @param outputBytes map output those bytes made, as the shuffle stores it (record headers, keys,
     *     values), after an estimate of the combiner's effect: one record per distinct key and window
     * @param largestKeyBytes the output of the key with the most, which no partitioner can split
     */
    public record Sample(List<String> keys, long inputBytes, long outputBytes, long largestKeyBytes) {
        /** Bytes of map output per byte of input; 1 when nothing was sampled. */
        public double expansion() {
            return inputBytes == 0 ? 1.0 : (double) outputBytes / inputBytes;
        }
    }

    public static Sample sample(RangeReader reader, JobSpec spec, JobFunctions functions, List<Split> splits)
            throws Exception {
        List<String> keys = new ArrayList<>();
        long input = 0;
        long output = 0;
        Map<String, Long> byKey = new HashMap<>();
        boolean combined = spec.combiner().isPresent();
        int step = Math.max(1, splits.size() / MAX_SPLITS);
        for (int i = 0; i < splits.size() && keys.size() < MAX_SPLITS * MAX_KEYS_PER_SPLIT; i += step) {
            Window w = sample(reader, spec, functions, window(spec.id(), splits.get(i)));
            keys.addAll(w.keys);
            input += w.inputBytes;
            for (var e : w.bytesByKey.entrySet()) {
                // With a combiner, a window's records of one key become about one record.
                long bytes = combined ? e.getValue() / Math.max(1, w.recordsByKey.get(e.getKey())) : e.getValue();
                output += bytes;
                byKey.merge(e.getKey(), bytes, Long::sum);
            }
        }
        Collections.sort(keys);
        long largest = byKey.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return new Sample(keys, input, output, largest);
    }

    /**
     * R-1 evenly spaced keys of the sample, each cut to the shortest prefix that is still greater than
     * the sampled key before it: a boundary between the same two sampled keys, so as balanced, and a
     * few characters instead of a whole line, which matters when thousands of them travel in every map
     * task's message.
     */
    public static List<String> splitPoints(Sample sample, int reducers) {
        List<String> keys = sample.keys();
        List<String> points = new ArrayList<>();
        if (reducers <= 1) return points;
        for (int r = 1; r < reducers && !keys.isEmpty(); r++) {
            int i = (int) ((long) r * keys.size() / reducers);
            String k = keys.get(i);
            if (k.length() > MAX_POINT_LENGTH) k = k.substring(0, MAX_POINT_LENGTH);
            String point = shortest(i == 0 ? null : keys.get(i - 1), k);
            if (points.isEmpty() || points.get(points.size() - 1).compareTo(point) < 0) points.add(point);
        }
        return points;
    }

    /** The shortest prefix of {@code k} greater than {@code below} ({@code k} itself if none is shorter). */
    static String shortest(String below, String k) {
        if (below == null || below.compareTo(k) >= 0) return k;
        for (int n = 1; n < k.length(); n++) {
            String p = k.substring(0, n);
            if (p.compareTo(below) > 0) return p;
        }
        return k;
    }

    /** A window of the split at a position derived from the job id. */
    static Split window(String jobId, Split s) {
        if (s.gzip() || s.length() <= WINDOW) return s;
        long room = s.length() - WINDOW;
        long start = s.start() + Math.floorMod((long) (jobId + s.index()).hashCode() * 2654435761L, room);
        return new Split(s.index(), s.key(), s.name(), start, start + WINDOW, s.objectSize(), false);
    }

    private static final class Window {
        final List<String> keys = new ArrayList<>();
        final Map<String, Long> bytesByKey = new HashMap<>();
        final Map<String, Integer> recordsByKey = new HashMap<>();
        long inputBytes;
    }

    private static Window sample(RangeReader reader, JobSpec spec, JobFunctions functions, Split window)
            throws Exception {
        Window w = new Window();
        Mapper mapper = functions.newMapper();
        mapper.setup(new BasicTaskContext(spec, "sampler", new Counters()));
        try (SplitLineReader lines = new SplitLineReader(reader, window, 64 << 10)) {
            InputRecord r;
            while ((r = lines.next()) != null && w.keys.size() < MAX_KEYS_PER_SPLIT && lines.bytesRead() <= WINDOW) {
                try {
                    mapper.map(r, (k, v) -> {
                        w.keys.add(k);
                        int kb = k.getBytes(StandardCharsets.UTF_8).length;
                        int vb = v.getBytes(StandardCharsets.UTF_8).length;
                        w.bytesByKey.merge(k, (long) kb + vb + varintLength(kb) + varintLength(vb), Long::sum);
                        w.recordsByKey.merge(k, 1, Integer::sum);
                    });
                } catch (Exception e) {
                    // A record the mapper rejects is not a key; sampling just moves on.
                }
            }
            w.inputBytes = Math.min(lines.bytesRead(), window.length());
        } catch (IOException e) {
            throw new IOException("sampling " + window.key() + " failed: " + e.getMessage(), e);
        }
        return w;
    }

    private static int varintLength(int v) {
        return v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : 4;
    }
}
