package io.gristmill.protocol;

import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Partitioning;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.message.MergeMessage;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What happens after a task commits: the task is counted in its phase, and the one whose count
 * completes the phase moves the job on (map phase to merge or reduce phase; merge phase to reduce
 * phase; reduce phase to publication). Each step is safe to repeat, so a message redelivered after a
 * crash at any point finishes the job.
 */
public final class Progress {
    /** Task messages are made and sent this many at a time, so that a million of them never sit in memory. */
    static final int SEND_CHUNK = 1000;

    private final Cloud cloud;
    private final Publisher publisher;

    public Progress(Cloud cloud) {
        this.cloud = cloud;
        this.publisher = new Publisher(cloud);
    }

    public Publisher publisher() {
        return publisher;
    }

    /**
     * @param durationMillis how long the task took, when this attempt is the one that committed it
     *     (it feeds the phase's median for backup tasks); null otherwise
     */
    void mapCommitted(String jobId, int index, int maps, JobSpec spec, Long durationMillis, Faults faults)
            throws Exception {
        boolean complete = cloud.table()
                .markDone(jobId, TaskId.map(index), maps, cloud.clock().now(), durationMillis);
        faults.at(FaultPoint.Step.AFTER_ADD);
        if (!complete) return;
        if (spec.mergeGroup() > 0) openMergePhase(jobId, spec, maps, faults);
        else openReducePhase(jobId, spec, maps, faults);
    }

    /** Moves the job to its merge phase (once) and makes sure every merge task was sent. */
    private void openMergePhase(String jobId, JobSpec spec, int maps, Faults faults) throws Exception {
        JobRecord job = cloud.table().job(jobId).orElseThrow();
        if (job.status().finished()) return;
        if (job.status() == JobStatus.PLANNING || job.status() == JobStatus.MAPPING) {
            if (cloud.table().startMergePhase(jobId, cloud.clock().now())) {
                Log.info(
                        jobId,
                        null,
                        "all " + maps + " map tasks committed; starting " + spec.mergeTasks(maps) + " merge tasks of "
                                + spec.mergeGroup() + " map outputs each");
                faults.at(FaultPoint.MAP_AFTER_PHASE_CHANGE);
            }
            job = cloud.table().job(jobId).orElseThrow();
        }
        if (job.status() == JobStatus.MERGING && !job.mergesQueued()) {
            // Merges do not partition: their messages leave the split points out.
            JobSpec mergeSpec = withoutSplitPoints(spec);
            int merges = spec.mergeTasks(maps);
            send(merges, 0, g -> new MergeMessage(jobId, g, maps, mergeSpec).toJson());
            faults.at(FaultPoint.MAP_AFTER_SEND);
            cloud.table().markMergesQueued(jobId, cloud.clock().now());
        }
    }

    void mergeCommitted(String jobId, int index, int maps, JobSpec spec, Long durationMillis, Faults faults)
            throws Exception {
        boolean complete = cloud.table()
                .markDone(
                        jobId,
                        TaskId.merge(index),
                        spec.mergeTasks(maps),
                        cloud.clock().now(),
                        durationMillis);
        faults.at(FaultPoint.Step.AFTER_ADD);
        if (complete) openReducePhase(jobId, spec, maps, faults);
    }

    /** Moves the job to its reduce phase (once) and makes sure every reduce task was sent. */
    void openReducePhase(String jobId, JobSpec spec, int maps, Faults faults) throws Exception {
        JobRecord job = cloud.table().job(jobId).orElseThrow();
        if (job.status().finished()) return;
        if (job.status() == JobStatus.PLANNING
                || job.status() == JobStatus.MAPPING
                || job.status() == JobStatus.MERGING) {
            if (cloud.table().startReducePhase(jobId, cloud.clock().now())) {
                Log.info(
                        jobId,
                        null,
                        "all " + (spec.mergeGroup() > 0 ? spec.mergeTasks(maps) + " merge" : maps + " map")
                                + " tasks committed; starting " + spec.reducers() + " reduce tasks");
                faults.at(FaultPoint.MAP_AFTER_PHASE_CHANGE);
            }
            job = cloud.table().job(jobId).orElseThrow();
        }
        if (job.status() == JobStatus.REDUCING && !job.reducesQueued()) {
            // After a crash between the phase change and the sends, the redelivered message sends
            // them all again; the duplicates find their task DONE or lose its commit race.
            ReduceInputs inputs = ReduceInputs.read(cloud, jobId, spec, maps);
            JobSpec reduceSpec = withoutSplitPoints(spec);
            IntFunction<String> message = r -> {
                String packed = inputs.packed(r);
                String inputsKey = null;
                if (packed.length() > ReduceMessage.MAX_INLINE_INPUTS) {
                    inputsKey = Keys.reduceInputs(jobId, r);
                    putInputs(inputsKey, packed);
                    packed = null;
                }
                return new ReduceMessage(jobId, r, maps, spec.reducers(), reduceSpec, packed, inputsKey).toJson();
            };
            // Under chaos the messages go in two halves, so that a crash can fall between them.
            int half = faults.active() ? spec.reducers() / 2 : 0;
            send(half, 0, message);
            faults.at(FaultPoint.MAP_MID_SEND);
            send(spec.reducers(), half, message);
            faults.at(FaultPoint.MAP_AFTER_SEND);
            cloud.table().markReducesQueued(jobId, cloud.clock().now());
        }
    }

    private void putInputs(String key, String packed) {
        try {
            cloud.objects().putIfAbsent(key, packed, "text/plain");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reducers and merges do not partition: their messages leave the split points out. */
    private static JobSpec withoutSplitPoints(JobSpec spec) {
        return spec.rangePartitioned() ? spec.withPartitioning(new Partitioning.Range(List.of())) : spec;
    }

    /** Sends the messages of tasks {@code [from, to)} to the reduce queue, made a chunk at a time. */
    private void send(int to, int from, IntFunction<String> message) throws Exception {
        for (int start = from; start < to; start += SEND_CHUNK) {
            List<String> chunk = new ArrayList<>();
            for (int t = start; t < Math.min(to, start + SEND_CHUNK); t++) chunk.add(message.apply(t));
            cloud.queues().send(WorkQueue.REDUCE, chunk);
        }
    }

    void reduceCommitted(String jobId, int index, JobSpec spec, Long durationMillis, Faults faults) throws Exception {
        boolean complete = cloud.table()
                .markDone(
                        jobId,
                        TaskId.reduce(index),
                        spec.reducers(),
                        cloud.clock().now(),
                        durationMillis);
        faults.at(FaultPoint.Step.AFTER_ADD);
        if (complete) publisher.publish(jobId, spec, faults);
    }

    /**
     * Every reduce task's inputs: for each run (map output, or merge output in a two-level shuffle),
     * the offset and length of each partition, from the committed tasks' items. Kept as the items'
     * packed varints (a few bytes per partition), and decoded reducer by reducer.
     */
    static final class ReduceInputs {
        private final byte[][] indexes;
        private final int[] positions;
        private final long[] offsets;
        private int next;

        private ReduceInputs(byte[][] indexes) {
            this.indexes = indexes;
            this.positions = new int[indexes.length];
            this.offsets = new long[indexes.length];
        }

        static ReduceInputs read(Cloud cloud, String jobId, JobSpec spec, int maps) throws Exception {
            boolean merged = spec.mergeGroup() > 0;
            int runs = merged ? spec.mergeTasks(maps) : maps;
            byte[][] indexes = new byte[runs][];
            int[] committed = {0};
            cloud.table().forEachTask(jobId, merged ? TaskKind.MERGE : TaskKind.MAP, t -> {
                if (!t.done()) return;
                indexes[t.task().index()] = t.runIndex();
                committed[0]++;
            });
            if (committed[0] != runs) {
                throw new IllegalStateException(jobId + ": " + committed[0] + " of " + runs + " "
                        + (merged ? "merge" : "map") + " tasks are DONE in the table;"
                        + " cannot start the reduce phase yet");
            }
            return new ReduceInputs(indexes);
        }

        /** Reducer {@code r}'s inputs, packed; reducers must be asked for in order, each once. */
        String packed(int r) {
            if (r != next++) throw new IllegalStateException("reduce inputs are read in order");
            List<ReduceInput> inputs = new ArrayList<>();
            for (int run = 0; run < indexes.length; run++) {
                long length = readVarlong(run);
                if (length > 0) inputs.add(new ReduceInput(run, offsets[run], length));
                offsets[run] += length;
            }
            return ReduceInput.pack(inputs);
        }

        private long readVarlong(int run) {
            byte[] b = indexes[run];
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = b[positions[run]++];
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
        }
    }
}
