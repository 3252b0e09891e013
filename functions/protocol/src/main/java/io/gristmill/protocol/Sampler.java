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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Chooses the split points of a range-partitioned job (the paper's sort) before any map runs: it
 * runs the job's own mapper over windows of up to 16 splits, sorts the keys it emits, and takes R-1
 * evenly spaced ones. The windows are fixed by the job id, so a retried coordinator samples the same.
 */
public final class Sampler {
    static final int MAX_SPLITS = 16;
    static final long WINDOW = 256 << 10;
    static final int MAX_KEYS_PER_SPLIT = 10_000;
    /** Split points are truncated: any prefix is a valid boundary, and short ones keep messages small. */
    static final int MAX_POINT_LENGTH = 64;

    private Sampler() {}

    public static List<String> splitPoints(RangeReader reader, JobSpec spec, JobFunctions functions, List<Split> splits)
            throws Exception {
        int reducers = spec.reducers();
        if (reducers <= 1 || splits.isEmpty()) return List.of();
        List<String> keys = new ArrayList<>();
        int step = Math.max(1, splits.size() / MAX_SPLITS);
        for (int i = 0; i < splits.size() && keys.size() < MAX_SPLITS * MAX_KEYS_PER_SPLIT; i += step) {
            keys.addAll(sample(reader, spec, functions, window(spec.id(), splits.get(i))));
        }
        Collections.sort(keys);
        List<String> points = new ArrayList<>();
        for (int r = 1; r < reducers && !keys.isEmpty(); r++) {
            String k = keys.get((int) ((long) r * keys.size() / reducers));
            if (k.length() > MAX_POINT_LENGTH) k = k.substring(0, MAX_POINT_LENGTH);
            if (points.isEmpty() || points.get(points.size() - 1).compareTo(k) < 0) points.add(k);
        }
        return points;
    }

    /** A window of the split at a position derived from the job id. */
    static Split window(String jobId, Split s) {
        if (s.gzip() || s.length() <= WINDOW) return s;
        long room = s.length() - WINDOW;
        long start = s.start() + Math.floorMod((long) (jobId + s.index()).hashCode() * 2654435761L, room);
        return new Split(s.index(), s.key(), s.name(), start, start + WINDOW, s.objectSize(), false);
    }

    private static List<String> sample(RangeReader reader, JobSpec spec, JobFunctions functions, Split window)
            throws Exception {
        List<String> keys = new ArrayList<>();
        Mapper mapper = functions.newMapper();
        mapper.setup(new BasicTaskContext(spec, "sampler", new Counters()));
        try (SplitLineReader lines = new SplitLineReader(reader, window, 64 << 10)) {
            InputRecord r;
            while ((r = lines.next()) != null && keys.size() < MAX_KEYS_PER_SPLIT && lines.bytesRead() <= WINDOW) {
                try {
                    mapper.map(r, (k, v) -> keys.add(k));
                } catch (Exception e) {
                    // A record the mapper rejects is not a key; sampling just moves on.
                }
            }
        } catch (IOException e) {
            throw new IOException("sampling " + window.key() + " failed: " + e.getMessage(), e);
        }
        return keys;
    }
}
