package io.gristmill.protocol;

import io.gristmill.aws.JobItem;
import io.gristmill.aws.JobStatus;
import io.gristmill.aws.TaskId;
import io.gristmill.aws.TaskItem;
import io.gristmill.aws.Times;
import io.gristmill.engine.job.JobSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens after a task commits: the task joins its phase's set of committed tasks, and the one
 * that completes the set moves the job on (map phase to reduce phase; reduce phase to publication).
 * Each step is safe to repeat, so a message redelivered after a crash at any point finishes the job.
 */
public final class Progress {
    private final Services services;
    private final Publisher publisher;

    public Progress(Services services) {
        this.services = services;
        this.publisher = new Publisher(services);
    }

    public Publisher publisher() {
        return publisher;
    }

    /**
     * @param durationMillis how long the task took, when this attempt is the one that committed it
     *     (it feeds the phase's median for backup tasks); null otherwise
     */
    public void mapCommitted(String jobId, int index, int maps, JobSpec spec, Long durationMillis, Faults faults) {
        int done = services.table().addDone(jobId, TaskId.Kind.MAP, index, Times.now(), durationMillis);
        faults.at("map.afterAdd");
        if (done >= maps) openReducePhase(jobId, spec, maps, faults);
    }

    /** Moves the job to its reduce phase (once) and makes sure every reduce task was sent. */
    public void openReducePhase(String jobId, JobSpec spec, int maps, Faults faults) {
        JobItem job = services.table().getJob(jobId).orElseThrow();
        if (job.status().finished()) return;
        if (job.status() == JobStatus.PLANNING || job.status() == JobStatus.MAPPING) {
            if (services.table().startReducePhase(jobId, Times.now())) {
                Log.info(jobId, null, "all " + maps + " map tasks committed; starting " + spec.reducers() + " reduce tasks");
                faults.at("map.afterPhaseChange");
            }
            job = services.table().getJob(jobId).orElseThrow();
        }
        if (job.status() == JobStatus.REDUCING && !job.reducesQueued()) {
            // After a crash between the phase change and the sends, the redelivered message sends
            // them all again; the duplicates find their task DONE or lose its commit race.
            List<String> messages = reduceMessages(jobId, spec, maps);
            // Under chaos the messages go in two halves, so that a crash can fall between them.
            int half = faults.active() ? messages.size() / 2 : 0;
            services.queues().sendAll(services.settings().reduceQueueUrl(), messages.subList(0, half));
            faults.at("map.midSend");
            services.queues().sendAll(services.settings().reduceQueueUrl(), messages.subList(half, messages.size()));
            faults.at("map.afterSend");
            services.table().markReducesQueued(jobId, Times.now());
        }
    }

    private List<String> reduceMessages(String jobId, JobSpec spec, int maps) {
        int reducers = spec.reducers();
        List<List<ReduceInput>> inputs = new ArrayList<>();
        for (int r = 0; r < reducers; r++) inputs.add(new ArrayList<>());
        List<TaskItem> tasks = services.table().tasks(jobId, TaskId.Kind.MAP);
        int committed = 0;
        for (TaskItem t : tasks) {
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
            throw new IllegalStateException(jobId + ": " + committed + " of " + maps + " map tasks are DONE in the table;"
                    + " cannot start the reduce phase yet");
        }
        JobSpec reduceSpec = spec.withSplitPoints(List.of()); // reducers do not partition
        List<String> messages = new ArrayList<>();
        for (int r = 0; r < reducers; r++) {
            String packed = ReduceInput.pack(inputs.get(r));
            String inputsKey = null;
            if (packed.length() > ReduceMessage.MAX_INLINE_INPUTS) {
                inputsKey = Keys.reduceInputs(jobId, r);
                services.s3().putIfAbsent(inputsKey, packed, "text/plain");
                packed = null;
            }
            messages.add(new ReduceMessage(jobId, r, maps, reducers, reduceSpec, packed, inputsKey).toJson());
        }
        return messages;
    }

    public void reduceCommitted(String jobId, int index, JobSpec spec, Long durationMillis, Faults faults)
            throws Exception {
        int done = services.table().addDone(jobId, TaskId.Kind.REDUCE, index, Times.now(), durationMillis);
        faults.at("reduce.afterAdd");
        if (done >= spec.reducers()) publisher.publish(jobId, spec, faults);
    }
}
