package io.gristmill.protocol;

import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.ObjectCreated;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.message.StageMessage;
import io.gristmill.protocol.message.TaskMessage;
import io.gristmill.protocol.state.Fates;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.TaskRecord;
import java.util.Optional;

/**
 * A message that used up its deliveries ends in a dead-letter queue, and its job fails there, with
 * the reason a user needs: which task, how its attempts ended (threw, crashed, ran out of memory,
 * timed out: {@link Fates}), and the last error. Other jobs go on.
 */
public final class DeadLetters {
    private final Cloud cloud;
    private final Progress progress;
    private final Publisher publisher;

    public DeadLetters(Cloud cloud) {
        this.cloud = cloud;
        this.progress = new Progress(cloud);
        this.publisher = progress.publisher();
    }

    public void onDeadLetter(String body) throws Exception {
        if (StageMessage.isStage(body)) {
            stageDied(StageMessage.parse(body));
            return;
        }
        if (body.contains("\"kind\"")) {
            taskDied(TaskMessage.parse(body));
            return;
        }
        for (ObjectCreated event : ObjectCreated.parse(body)) uploadDied(event);
    }

    /** The coordinator could not start a pipeline's stage in any of its attempts. */
    private void stageDied(StageMessage msg) throws Exception {
        String stageJob = "stage " + (msg.stage() + 1) + (msg.iteration() > 1 ? " iteration " + msg.iteration() : "");
        publisher.failPipeline(
                msg.pipelineId(),
                "could not start " + stageJob + " in any of its attempts (see the" + " coordinator's logs)");
    }

    private void taskDied(TaskMessage msg) throws Exception {
        Optional<TaskRecord> item = cloud.table().task(msg.jobId(), msg.taskId());
        if (item.isPresent() && item.get().done()) {
            finishCommitted(msg);
            return;
        }
        publisher.fail(
                msg.jobId(),
                item.map(t -> Fates.taskFailed(t, Optional.of(msg.spec())))
                        .orElse("task " + msg.taskId() + " never got as far as recording an attempt in any of its"
                                + " deliveries; see the function's log"));
    }

    /**
     * The task committed, but the message used up its deliveries anyway: the attempt that recorded the
     * commit died before it told the job (counted the task, opened the reduce phase, published), on the
     * last delivery allowed. Any later delivery would have done those steps, and each is safe to repeat,
     * so they are done here; left undone, the job would wait forever. If they fail, the job fails.
     */
    private void finishCommitted(TaskMessage msg) throws Exception {
        try {
            if (msg instanceof MapMessage map) {
                progress.mapCommitted(map.jobId(), map.task(), map.maps(), map.spec(), null, Faults.none());
            } else if (msg instanceof ReduceMessage reduce) {
                progress.reduceCommitted(reduce.jobId(), reduce.task(), reduce.spec(), null, Faults.none());
            }
        } catch (Exception e) {
            publisher.fail(
                    msg.jobId(),
                    "task " + msg.taskId() + " committed its output, but its job could not be moved on after its"
                            + " last delivery: " + Log.describe(e));
        }
    }

    private void uploadDied(ObjectCreated event) throws Exception {
        Optional<Coordinator.Trigger> trigger = Coordinator.Trigger.of(event.key());
        if (trigger.isEmpty()) return;
        String jobId = Coordinator.jobId(trigger.get().name(), event);
        Optional<JobRecord> job = cloud.table().job(jobId);
        String why = "could not plan the job for " + cloud.objects().uri(event.key()) + " in any of its attempts"
                + job.map(JobRecord::lastError).map(e -> "; last error: " + e).orElse(" (see the coordinator's logs)");
        if (job.isEmpty()) {
            cloud.table()
                    .createJob(
                            new JobTable.NewJob(
                                    jobId,
                                    trigger.get().name(),
                                    Optional.empty(),
                                    cloud.objects().uri(event.key()),
                                    cloud.objects().uri(Keys.defaultOutput(jobId))),
                            cloud.clock().now());
        }
        publisher.fail(jobId, why);
    }
}
