package io.gristmill.sim;

import java.io.PrintStream;
import java.util.List;

/**
 * A simulation: the job (app, input size, split size, R, backups), the stack (the functions' memory,
 * the tasks' /tmp, concurrency, the two-level shuffle's threshold), and what happens to it (instances
 * killed, stragglers), with the seed that makes a run repeatable.
 *
 * @param inputBytes the job's input, spread over {@code objects} objects
 * @param concurrency each task function's MaximumConcurrency (its event source's most invocations)
 * @param kills instances of the task functions stopped at given times into the job
 * @param stragglers the share of attempts that run {@code slowdown} times slower
 * @param taskTmpMb the map and reduce functions' /tmp (TaskEphemeralStorage); above 512 MB they run
 *     without SnapStart, so cold starts take longer
 * @param log where the protocol's log lines go (null: nowhere)
 */
public record SimOptions(
        String app,
        long inputBytes,
        int objects,
        long splitSize,
        int reducers,
        int concurrency,
        List<Kill> kills,
        double stragglers,
        double slowdown,
        boolean backups,
        long seed,
        int taskMemoryMb,
        int taskTmpMb,
        long mergeAbove,
        int maxTaskAttempts,
        int retryDelaySeconds,
        PrintStream log) {

    /** {@code count} running instances stopped {@code atMillis} after the job's upload. */
    public record Kill(int count, long atMillis) {}

    public static SimOptions defaults(String app, long inputBytes) {
        return new SimOptions(
                app,
                inputBytes,
                1,
                64L << 20,
                4,
                1000,
                List.of(),
                0,
                1,
                true,
                1,
                1769,
                512,
                io.gristmill.protocol.Cloud.DEFAULT_MERGE_ABOVE,
                8,
                10,
                null);
    }

    public SimOptions withObjects(int v) {
        return new SimOptions(
                app,
                inputBytes,
                v,
                splitSize,
                reducers,
                concurrency,
                kills,
                stragglers,
                slowdown,
                backups,
                seed,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withSplitSize(long v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                v,
                reducers,
                concurrency,
                kills,
                stragglers,
                slowdown,
                backups,
                seed,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withReducers(int v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                v,
                concurrency,
                kills,
                stragglers,
                slowdown,
                backups,
                seed,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withConcurrency(int v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                v,
                kills,
                stragglers,
                slowdown,
                backups,
                seed,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withKills(List<Kill> v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                concurrency,
                v,
                stragglers,
                slowdown,
                backups,
                seed,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withStragglers(double fraction, double factor) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                concurrency,
                kills,
                fraction,
                factor,
                backups,
                seed,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withBackups(boolean v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                concurrency,
                kills,
                stragglers,
                slowdown,
                v,
                seed,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withSeed(long v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                concurrency,
                kills,
                stragglers,
                slowdown,
                backups,
                v,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withTaskTmpMb(int v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                concurrency,
                kills,
                stragglers,
                slowdown,
                backups,
                seed,
                taskMemoryMb,
                v,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withMergeAbove(long v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                concurrency,
                kills,
                stragglers,
                slowdown,
                backups,
                seed,
                taskMemoryMb,
                taskTmpMb,
                v,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withTaskMemoryMb(int v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                concurrency,
                kills,
                stragglers,
                slowdown,
                backups,
                seed,
                v,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                log);
    }

    public SimOptions withLog(PrintStream v) {
        return new SimOptions(
                app,
                inputBytes,
                objects,
                splitSize,
                reducers,
                concurrency,
                kills,
                stragglers,
                slowdown,
                backups,
                seed,
                taskMemoryMb,
                taskTmpMb,
                mergeAbove,
                maxTaskAttempts,
                retryDelaySeconds,
                v);
    }
}
