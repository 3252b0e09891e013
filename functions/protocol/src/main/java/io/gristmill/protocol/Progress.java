package io.gristmill.protocol;

import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Partitioning;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens after a task commits: the task is counted in its phase, and the one whose count
 * completes the phase moves the job on (map phase to reduce phase; reduce phase to publication).
 * Each step is safe to repeat, so a message redelivered after a crash at any point finishes the job.
 */
public final class Progress {
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
        int done =
                cloud.table().markDone(jobId, TaskId.map(index), cloud.clock().now(), durationMillis);
        faults.at(FaultPoint.Step.AFTER_ADD);
        if (done >= maps) openReducePhase(jobId, spec, maps, faults);
    }

    /** Moves the job to its reduce phase (once) and makes sure every reduce task was sent. */
    void openReducePhase(String jobId, JobSpec spec, int maps, Faults faults) throws Exception {
        JobRecord job = cloud.table().job(jobId).orElseThrow();
        if (job.status().finished()) return;
        if (job.status() == JobStatus.PLANNING || job.status() == JobStatus.MAPPING) {
            if (cloud.table().startReducePhase(jobId, cloud.clock().now())) {
                Log.info(
                        jobId,
                        null,
                        "all " + maps + " map tasks committed; starting " + spec.reducers() + " reduce tasks");
                faults.at(FaultPoint.MAP_AFTER_PHASE_CHANGE);
            }
            job = cloud.table().job(jobId).orElseThrow();
        }
        if (job.status() == JobStatus.REDUCING && !job.reducesQueued()) {
            // After a crash between the phase change and the sends, the redelivered message sends
            // them all again; the duplicates find their task DONE or lose its commit race.
            List<String> messages = reduceMessages(jobId, spec, maps);
            // Under chaos the messages go in two halves, so that a crash can fall between them.
            int half = faults.active() ? messages.size() / 2 : 0;
            cloud.queues().send(WorkQueue.REDUCE, messages.subList(0, half));
            faults.at(FaultPoint.MAP_MID_SEND);
            cloud.queues().send(WorkQueue.REDUCE, messages.subList(half, messages.size()));
            faults.at(FaultPoint.MAP_AFTER_SEND);
            cloud.table().markReducesQueued(jobId, cloud.clock().now());
        }
    }

    private List<String> reduceMessages(String jobId, JobSpec spec, int maps) throws Exception {
        int reducers = spec.reducers();
        List<List<ReduceInput>> inputs = new ArrayList<>();
        for (int r = 0; r < reducers; r++) inputs.add(new ArrayList<>());
        List<TaskRecord> tasks = cloud.table().tasks(jobId, TaskKind.MAP);
        int committed = 0;
        for (TaskRecord t : tasks) {
            if (!t.done()) continue;
            committed++;
            long[] lengths = ReduceInput.unpackLengths(t.runIndex(), reducers);
            long offset = 0;
            for (int r = 0; r < reducers; r++) {
                if (lengths[r] > 0) inputs.get(r).add(new ReduceInput(t.task().index(), offset, lengths[r]));
                offset += lengths[r];
            }
        }
        if (committed != maps) {
            throw new IllegalStateException(jobId + ": " + committed + " of " + maps
                    + " map tasks are DONE in the table;" + " cannot start the reduce phase yet");
        }
        // Reducers do not partition: their messages leave the split points out.
        JobSpec reduceSpec = spec.rangePartitioned() ? spec.withPartitioning(new Partitioning.Range(List.of())) : spec;
        List<String> messages = new ArrayList<>();
        for (int r = 0; r < reducers; r++) {
            String packed = ReduceInput.pack(inputs.get(r));
            String inputsKey = null;
            if (packed.length() > ReduceMessage.MAX_INLINE_INPUTS) {
                inputsKey = Keys.reduceInputs(jobId, r);
                cloud.objects().putIfAbsent(inputsKey, packed, "text/plain");
                packed = null;
            }
            messages.add(new ReduceMessage(jobId, r, maps, reducers, reduceSpec, packed, inputsKey).toJson());
        }
        return messages;
    }

    void reduceCommitted(String jobId, int index, JobSpec spec, Long durationMillis, Faults faults) throws Exception {
        int done = cloud.table()
                .markDone(jobId, TaskId.reduce(index), cloud.clock().now(), durationMillis);
        faults.at(FaultPoint.Step.AFTER_ADD);
        if (done >= spec.reducers()) publisher.publish(jobId, spec, faults);
    }
}
