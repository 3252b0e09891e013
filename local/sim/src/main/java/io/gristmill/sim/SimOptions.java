package io.gristmill.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

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
        return copy(f -> f.objects = v);
    }

    public SimOptions withSplitSize(long v) {
        return copy(f -> f.splitSize = v);
    }

    public SimOptions withReducers(int v) {
        return copy(f -> f.reducers = v);
    }

    public SimOptions withConcurrency(int v) {
        return copy(f -> f.concurrency = v);
    }

    public SimOptions withKills(List<Kill> v) {
        return copy(f -> f.kills = List.copyOf(v));
    }

    public SimOptions withStragglers(double fraction, double factor) {
        return copy(f -> {
            f.stragglers = fraction;
            f.slowdown = factor;
        });
    }

    public SimOptions withBackups(boolean v) {
        return copy(f -> f.backups = v);
    }

    public SimOptions withSeed(long v) {
        return copy(f -> f.seed = v);
    }

    public SimOptions withTaskTmpMb(int v) {
        return copy(f -> f.taskTmpMb = v);
    }

    public SimOptions withMergeAbove(long v) {
        return copy(f -> f.mergeAbove = v);
    }

    public SimOptions withTaskMemoryMb(int v) {
        return copy(f -> f.taskMemoryMb = v);
    }

    public SimOptions withLog(PrintStream v) {
        return copy(f -> f.log = v);
    }

    /** A copy with {@code change} made to its fields (records have no withers of their own). */
    private SimOptions copy(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The fields, mutable, for {@link #copy}. */
    private static final class Fields {
        private String app;
        private long inputBytes;
        private int objects;
        private long splitSize;
        private int reducers;
        private int concurrency;
        private List<Kill> kills;
        private double stragglers;
        private double slowdown;
        private boolean backups;
        private long seed;
        private int taskMemoryMb;
        private int taskTmpMb;
        private long mergeAbove;
        private int maxTaskAttempts;
        private int retryDelaySeconds;
        private PrintStream log;

        Fields(SimOptions o) {
            app = o.app;
            inputBytes = o.inputBytes;
            objects = o.objects;
            splitSize = o.splitSize;
            reducers = o.reducers;
            concurrency = o.concurrency;
            kills = o.kills;
            stragglers = o.stragglers;
            slowdown = o.slowdown;
            backups = o.backups;
            seed = o.seed;
            taskMemoryMb = o.taskMemoryMb;
            taskTmpMb = o.taskTmpMb;
            mergeAbove = o.mergeAbove;
            maxTaskAttempts = o.maxTaskAttempts;
            retryDelaySeconds = o.retryDelaySeconds;
            log = o.log;
        }

        SimOptions build() {
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
                    log);
        }
    }
}
