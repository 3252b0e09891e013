package io.gristmill.protocol;

import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.message.ObjectCreated;
import io.gristmill.protocol.message.StageMessage;
import io.gristmill.protocol.message.TaskMessage;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.TaskRecord;
import java.util.Optional;

/**
 * A message that used up its deliveries ends in a dead-letter queue, and its job fails there, with
 * the reason a user needs: which task, how many attempts, and the last error. Other jobs go on.
 */
public final class DeadLetters {
    private final Cloud cloud;
    private final Publisher publisher;

    public DeadLetters(Cloud cloud) {
        this.cloud = cloud;
        this.publisher = new Publisher(cloud);
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
        if (item.isPresent() && item.get().done()) return; // a duplicate of a task that committed after all
        int attempts = item.map(t -> t.attempts().size()).orElse(0);
        String last = item.map(TaskRecord::lastError).orElse(null);
        publisher.fail(
                msg.jobId(),
                "task " + msg.taskId() + " failed " + attempts + (attempts == 1 ? " attempt" : " attempts")
                        + (last == null
                                ? " (its attempts were cut short: crash or timeout; see the function's logs)"
                                : "; last error: " + last));
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
