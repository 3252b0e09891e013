package io.gristmill.protocol;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Sizes;
import java.util.Optional;

/**
 * How a job's data will move, decided at planning: its estimated map output and largest partition
 * (refusing, before any task runs, a job whose partitions would not fit a task's /tmp), and whether
 * its shuffle has one level or two.
 *
 * <p>One level: each reduce task fetches its partition of every map output, M x R ranged GETs in all.
 * Two levels: merge tasks first combine groups of G map outputs into one run each (reading each map
 * output once, whole), then each reduce task fetches M/G ranges. Above a threshold of M x R the
 * second costs less in requests, and in time once the fetches' latency dominates (docs/scale.md);
 * above {@link #MAX_ONE_LEVEL_MAPS} map tasks it is chosen whatever R.
 *
 * @param mapOutputBytes estimated map output of the whole job
 * @param largestPartitionBytes estimated input of the largest reduce task
 * @param mergeGroup map outputs per merge task, or 0 for a one-level shuffle
 */
public record ShufflePlan(long mapOutputBytes, long largestPartitionBytes, int mergeGroup) {
    /** A merge task reads about this much (each map output whole), so that it ends well within 15 minutes. */
    static final long MERGE_INPUT_BYTES = 1L << 30;
    /** At most this many map outputs per merge task: each is an open connection while it merges. */
    static final int MAX_MERGE_GROUP = 128;
    /**
     * A one-level shuffle's reduce task fetches one range of every map output, 32 at a time: beyond this
     * many map tasks its fetches alone take minutes, whatever R, so the shuffle gets two levels.
     */
    static final int MAX_ONE_LEVEL_MAPS = 10_000;
    /** A reduce task merges more runs than this in passes through /tmp, which then holds its input twice. */
    static final int MERGE_FAN_IN = 64;

    /**
     * @param sample what sampling the input found, or null when it was not sampled (the map output is
     *     then taken to be as large as the input)
     */
    static ShufflePlan of(JobSpec spec, int maps, long inputBytes, Sampler.Sample sample, long mergeAbove) {
        double expansion = sample == null ? 1.0 : sample.expansion();
        long output = Math.round(inputBytes * expansion);
        int reducers = spec.reducers();
        long largest = output / reducers;
        if (sample != null && sample.outputBytes() > 0) {
            // One key's records all go to one partition, whatever R.
            largest = Math.max(largest, Math.round((double) sample.largestKeyBytes() / sample.outputBytes() * output));
        }
        int group = 0;
        if (((long) maps * reducers > mergeAbove || maps > MAX_ONE_LEVEL_MAPS) && maps >= 4) {
            long perMap = Math.max(1, output / Math.max(1, maps));
            group = (int) Math.max(2, Math.min(MAX_MERGE_GROUP, MERGE_INPUT_BYTES / perMap));
            group = Math.min(group, (maps + 1) / 2);
        }
        return new ShufflePlan(output, largest, group);
    }

    /** How many runs each reduce task merges. */
    int runsPerReducer(int maps) {
        return mergeGroup == 0 ? maps : (maps + mergeGroup - 1) / mergeGroup;
    }

    /** /tmp a reduce task needs for a partition: its input once, or twice when merged in passes. */
    long reduceTmpBytes(int maps) {
        return largestPartitionBytes * (runsPerReducer(maps) > MERGE_FAN_IN ? 2 : 1);
    }

    /**
     * Why the job's tasks would run out of /tmp, and what to change; empty if they fit.
     *
     * @param sampled whether the estimate comes from a sample (otherwise it assumes map output as large
     *     as the input, and planning refuses nothing on that guess alone)
     */
    Optional<String> tooLarge(JobSpec spec, int maps, long inputBytes, long taskTmpBytes, boolean sampled) {
        if (!sampled) return Optional.empty();
        String tmp = Sizes.format(taskTmpBytes) + " of /tmp (the stack's TaskEphemeralStorage, at most 10 GB)";
        long need = reduceTmpBytes(maps);
        if (need > taskTmpBytes) {
            long perReducerRoom = taskTmpBytes / (runsPerReducer(maps) > MERGE_FAN_IN ? 2 : 1);
            long total = mapOutputBytes;
            String estimate = "the largest reduce partition is estimated at " + Sizes.format(largestPartitionBytes)
                    + " (a sample makes " + String.format("%.2f", (double) total / Math.max(1, inputBytes))
                    + " bytes of map output per input byte: " + Sizes.format(total) + " for " + spec.reducers()
                    + " reducers)";
            if (largestPartitionBytes > perReducerRoom && total / spec.reducers() <= perReducerRoom) {
                return Optional.of(estimate + ", and one key alone makes most of it, which no number of reducers"
                        + " splits; a reduce task has " + tmp + ": raise TaskEphemeralStorage, or spread that key");
            }
            long fits = (long) Math.ceil(total * 1.25 / perReducerRoom);
            if (fits > JobSpec.MAX_REDUCERS) {
                return Optional.of(estimate + "; a reduce task has " + tmp + ", which would need " + fits
                        + " reducers, more than the " + JobSpec.MAX_REDUCERS + " allowed: raise TaskEphemeralStorage");
            }
            return Optional.of(estimate + ", more than a reduce task's " + tmp + " holds"
                    + (runsPerReducer(maps) > MERGE_FAN_IN
                            ? " (twice over: it merges more than 64 runs in passes)"
                            : "")
                    + "; use at least " + fits + " reducers (\"reducers\" in the manifest, --reducers for grist)"
                    + " or raise TaskEphemeralStorage");
        }
        long perSplit = Math.round((double) mapOutputBytes / Math.max(1, maps));
        if (perSplit * 2 > taskTmpBytes) {
            long split = Math.max(1, spec.splitSize() * taskTmpBytes / (perSplit * 3));
            return Optional.of("a map task's output is estimated at " + Sizes.format(perSplit) + ", and it is sorted"
                    + " through " + tmp + ", which holds about half of it; use a split size of at most "
                    + Sizes.format(split) + " (\"splitSize\", --split-size) or raise TaskEphemeralStorage");
        }
        return Optional.empty();
    }
}
