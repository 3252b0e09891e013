package io.gristmill.sim;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.task.Counters;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.protocol.Cloud;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.Keys;
import io.gristmill.protocol.TaskOutput;
import io.gristmill.protocol.TaskRunner;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.MergeMessage;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.message.ReduceMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The tasks' work, modelled: the simulator's {@link TaskRunner}. A map attempt "reads" its split (one
 * ranged GET, counted and timed), "computes" for the calibrated time per byte, and makes a run of the
 * modelled size whose R partition lengths the protocol then records; a merge and a reduce attempt
 * fetch what the protocol tells them to (the same ranges, the same requests as the engine's) and write
 * an output of the modelled size. No bytes are processed: time passes on the virtual clock instead.
 *
 * <p>Reading overlaps with computing (a map task streams its split; a merge streams its inputs), so a
 * task takes the longer of the two; a reduce task fetches everything before it merges, and writes its
 * part in 16 MB parts as it goes. A straggling attempt takes {@code slowdown} times as long.
 */
final class SimTasks implements TaskRunner {
    /** GETs a reduce task has in flight at once (ShuffleFetcher.PARALLEL_GETS). */
    static final int PARALLEL_GETS = 32;

    private final SimObjects objects;
    private final AppModel app;
    private final AwsModel model;
    private final int memoryMb;
    private final double stragglers;
    private final double slowdown;
    private final long seed;
    private final long jobInputBytes;
    private long straggled;

    SimTasks(
            SimObjects objects,
            AppModel app,
            AwsModel model,
            int memoryMb,
            double stragglers,
            double slowdown,
            long seed,
            long jobInputBytes) {
        this.objects = objects;
        this.app = app;
        this.model = model;
        this.memoryMb = memoryMb;
        this.stragglers = stragglers;
        this.slowdown = slowdown;
        this.seed = seed;
        this.jobInputBytes = jobInputBytes;
    }

    /** Attempts that straggled. */
    synchronized long straggled() {
        return straggled;
    }

    /** How much slower this attempt runs: 1, or the stragglers' slowdown for a chosen few. */
    private double pace(String task, Delivery delivery) {
        if (stragglers <= 0) return 1.0;
        SplittableRandom r = new SplittableRandom(
                seed * 0x9E3779B97F4A7C15L ^ task.hashCode() * 31L ^ delivery.receiveCount() * 0xBF58476D1CE4E5B9L);
        if (r.nextDouble() >= stragglers) return 1.0;
        synchronized (this) {
            straggled++;
        }
        return slowdown;
    }

    /** CPU time on a function of {@code memoryMb}: one vCPU at 1,769 MB, proportionally less below. */
    private long cpuMillis(double nanosPerByte, long bytes) {
        double share = Math.min(1.0, memoryMb / 1769.0);
        return Math.round(nanosPerByte * bytes / 1e6 / model.cpuFactor() / share);
    }

    private static void sleep(Cloud cloud, double millis) {
        cloud.clock().sleep(Math.round(millis));
    }

    /** Splits {@code total} bytes over R partitions, about evenly (as a sampled range or a hash does). */
    private long[] partitions(long total, int reducers, SplittableRandom r) {
        long[] lengths = new long[reducers];
        double[] weights = new double[reducers];
        double sum = 0;
        for (int p = 0; p < reducers; p++) {
            weights[p] = 0.95 + 0.1 * r.nextDouble();
            sum += weights[p];
        }
        long left = total;
        for (int p = 0; p < reducers; p++) {
            lengths[p] = p == reducers - 1 ? left : Math.min(left, Math.round(total * weights[p] / sum));
            left -= lengths[p];
        }
        return lengths;
    }

    @Override
    public TaskOutput map(Cloud cloud, MapMessage msg, Delivery delivery, JobFunctions functions, Path dir) {
        Split s = msg.split();
        // The engine's GET reads [start - 1, end + lookahead), the lookahead up to 1 MB (EngineRunner).
        long lookahead = Math.max(4096, Math.min(1 << 20, s.length()));
        long read = s.length() + (s.start() > 0 ? 1 : 0) + Math.min(lookahead, s.objectSize() - s.end());
        double pace = pace(msg.taskId().toString(), delivery);
        long fetch = objects.fetchMillis(List.of(new SimObjects.Range(s.key(), read)), 1);
        long cpu = cpuMillis(app.mapNanosPerByte(), s.length());
        sleep(cloud, Math.max(fetch, cpu) * pace);
        long out = app.mapOutputBytes(s.length());
        int reducers = msg.spec().reducers();
        long[] lengths = partitions(out, reducers, new SplittableRandom(seed ^ msg.task() * 0x9E3779B97F4A7C15L));
        String key = Keys.mapOutput(msg.jobId(), msg.task());
        Map<String, Long> counters = new TreeMap<>();
        counters.put(Counters.MAP_INPUT_BYTES, s.length());
        counters.put(Counters.MAP_INPUT_RECORDS, s.length() / app.recordBytes());
        counters.put(Counters.MAP_OUTPUT_BYTES, out);
        return TaskOutput.run(
                objects,
                key,
                lengths,
                counters,
                List.of(),
                out,
                metadata -> objects.putRunIfAbsent(key, out, lengths, metadata),
                TaskOutput.Abandon.NOTHING);
    }

    @Override
    public TaskOutput merge(Cloud cloud, MergeMessage msg, Delivery delivery, List<long[]> lengths, Path dir) {
        int reducers = msg.spec().reducers();
        long[] merged = new long[reducers];
        List<SimObjects.Range> runs = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < lengths.size(); i++) {
            long size = 0;
            for (int p = 0; p < reducers; p++) {
                merged[p] += lengths.get(i)[p];
                size += lengths.get(i)[p];
            }
            runs.add(new SimObjects.Range(Keys.mapOutput(msg.jobId(), msg.firstMap() + i), size));
            total += size;
        }
        double pace = pace(msg.taskId().toString(), delivery);
        long fetch = objects.fetchMillis(runs, runs.size());
        long cpu = cpuMillis(app.mergeNanosPerByte(), total);
        sleep(cloud, Math.max(fetch, cpu) * pace);
        String key = Keys.mergeOutput(msg.jobId(), msg.task());
        SimObjects.SimCommitStream stream = objects.openCommit(key, TaskRunner.earlyMetadata(delivery));
        long bytes = total;
        stream.skip(bytes);
        return TaskOutput.run(
                objects,
                key,
                merged,
                Map.of(Counters.MERGE_BYTES, bytes),
                List.of(),
                bytes,
                stream::commit,
                stream::close);
    }

    @Override
    public TaskOutput reduce(
            Cloud cloud,
            ReduceMessage msg,
            Delivery delivery,
            List<ReduceInput> inputs,
            JobFunctions functions,
            Path dir) {
        boolean merged = msg.spec().mergeGroup() > 0;
        List<SimObjects.Range> ranges = new ArrayList<>(inputs.size());
        long shuffle = 0;
        for (ReduceInput in : inputs) {
            ranges.add(new SimObjects.Range(Keys.shuffleRun(msg.jobId(), merged, in.map()), in.length()));
            shuffle += in.length();
        }
        double pace = pace(msg.taskId().toString(), delivery);
        long fetch = objects.fetchMillis(ranges, PARALLEL_GETS);
        long cpu = cpuMillis(app.reduceNanosPerByte(), shuffle);
        sleep(cloud, (fetch + cpu) * pace);
        long jobShuffle = Math.round(app.mapOutputA() * Math.pow(Math.max(1, jobInputBytes), app.mapOutputB()));
        long out = app.reduceOutputBytes(shuffle, jobShuffle);
        String key = Keys.stagedPart(msg.jobId(), msg.task());
        SimObjects.SimCommitStream stream = objects.openCommit(key, TaskRunner.earlyMetadata(delivery));
        stream.skip(out);
        Map<String, Long> counters = new TreeMap<>();
        counters.put(Counters.REDUCE_SHUFFLE_BYTES, shuffle);
        counters.put(Counters.REDUCE_OUTPUT_BYTES, out);
        return TaskOutput.part(key, counters, List.of(), out, stream::commit, stream::close);
    }
}
