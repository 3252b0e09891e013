package io.gristmill.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an app's tasks cost, per byte, calibrated by running the engine's MapTask and ReduceTask on
 * this machine ({@code grist simulate --calibrate} measures them again; docs/scale.md). Map output may
 * shrink with the split's size when a combiner merges repeated keys: it is then {@code a * n^b} bytes
 * for an n-byte split (Heaps' law for the distinct words of a text), and the reducers' output likewise
 * of the whole input.
 *
 * @param mapNanosPerByte CPU per input byte of a map task: read lines, map, partition, sort, spill,
 *     merge, write the run
 * @param mapOutputA map output bytes: {@code mapOutputA * n^mapOutputB} for an n-byte split
 * @param mergeNanosPerByte CPU per byte of a merge task (k-way merge of record streams)
 * @param reduceNanosPerByte CPU per shuffled byte of a reduce task: merge, reduce, write lines
 * @param reduceOutputA the job's output bytes: {@code reduceOutputA * N^reduceOutputB} for N bytes of
 *     map output, when the reducers combine (wordcount); for the identity reduce (sort) B is 1
 * @param recordBytes an input line's bytes (for the record counters)
 * @param measured when and where the figures were measured
 */
record AppModel(
        String app,
        double mapNanosPerByte,
        double mapOutputA,
        double mapOutputB,
        double mergeNanosPerByte,
        double reduceNanosPerByte,
        double reduceOutputA,
        double reduceOutputB,
        int recordBytes,
        String measured) {

    long mapOutputBytes(long splitBytes) {
        return Math.max(1, Math.round(mapOutputA * Math.pow(splitBytes, mapOutputB)));
    }

    long reduceOutputBytes(long shuffleBytes, long jobShuffleBytes) {
        if (reduceOutputB >= 1) return Math.round(reduceOutputA * shuffleBytes);
        // A reducer's share of the job's output, which grows more slowly than its input.
        double job = reduceOutputA * Math.pow(jobShuffleBytes, reduceOutputB);
        return Math.max(0, Math.round(job * shuffleBytes / Math.max(1.0, jobShuffleBytes)));
    }

    /**
     * Calibrated on this project's 2-core machine (2026-12, JDK 17, one core per task as a 1,769 MB
     * Lambda has): see docs/scale.md for the runs. Sort: 100-byte gensort-style records, 64 MB splits,
     * R = 4,000. Wordcount: the Gutenberg books.
     */
    static final Map<String, AppModel> CALIBRATED = calibrated();

    static final String MEASURED = "2026-12-02, the project's 2-core machine, JDK 17 with Lambda's flags"
            + " (C1 only, serial GC, 1.5 GB heap), CPU time, medians of runs of grist simulate --calibrate";

    private static Map<String, AppModel> calibrated() {
        Map<String, AppModel> m = new TreeMap<>();
        for (AppModel a : List.of(
                new AppModel("sort", 20.0, 1.010, 1.0, 2.6, 14.5, 0.99, 1.0, 100, MEASURED),
                new AppModel("wordcount", 80.0, 72.50, 0.537, 25.0, 60.0, 303.8, 0.537, 70, MEASURED))) {
            m.put(a.app(), a);
        }
        return m;
    }

    static AppModel of(String app) {
        AppModel a = CALIBRATED.get(app.toLowerCase(Locale.ROOT));
        if (a == null) {
            throw new IllegalArgumentException("no cost model for app '" + app + "'; the simulator models "
                    + String.join(", ", CALIBRATED.keySet()) + " (grist simulate --calibrate measures them)");
        }
        return a;
    }
}
