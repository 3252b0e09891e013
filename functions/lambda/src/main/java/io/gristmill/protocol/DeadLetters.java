package io.gristmill.protocol;

import io.gristmill.aws.JobItem;
import io.gristmill.aws.JobStatus;
import io.gristmill.aws.TaskId;
import io.gristmill.aws.TaskItem;
import io.gristmill.aws.Times;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A message that used up its deliveries ends in a dead-letter queue, and its job fails there, with
 * the reason a user needs: which task, how many attempts, and the last error. Other jobs go on.
 */
public final class DeadLetters {
    private final Services services;
    private final Publisher publisher;

    public DeadLetters(Services services) {
        this.services = services;
        this.publisher = new Publisher(services);
    }

    public void onDeadLetter(String body) throws Json.JsonException {
        Map<String, Object> doc = Json.parseObject(body);
        Object kind = doc.get("kind");
        if (MapMessage.KIND.equals(kind) || ReduceMessage.KIND.equals(kind)) {
            String jobId = (String) doc.get("job");
            int index = ((Number) doc.get("task")).intValue();
            TaskId task = MapMessage.KIND.equals(kind) ? TaskId.map(index) : TaskId.reduce(index);
            Optional<TaskItem> item = services.table().getTask(jobId, task);
            if (item.isPresent() && item.get().done()) return; // a duplicate of a task that committed after all
            int attempts = item.map(t -> t.attempts().size()).orElse(0);
            String last = item.map(TaskItem::lastError).orElse(null);
            publisher.fail(jobId, "task " + task + " failed " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + (last == null ? " (its attempts were cut short: crash or timeout; see the function's logs)"
                            : "; last error: " + last));
            return;
        }
        for (ObjectCreated event : ObjectCreated.parse(body)) {
            Optional<Coordinator.Trigger> trigger = Coordinator.Trigger.of(event.key());
            if (trigger.isEmpty()) continue;
            String jobId = Coordinator.jobId(trigger.get().name(), event);
            Optional<JobItem> job = services.table().getJob(jobId);
            String why = "could not plan the job for " + services.s3().uri(event.key()) + " in any of its attempts"
                    + job.map(JobItem::lastError).map(e -> "; last error: " + e).orElse(" (see the coordinator's logs)");
            if (job.isEmpty()) {
                String output = Keys.defaultOutput(jobId);
                JobSpec placeholder = new JobSpec(jobId, trigger.get().name(), null, null, null, null, "hash", List.of(),
                        output, 0, 0, Map.of(), false, List.of(), null, null);
                services.table().createJob(jobId, trigger.get().name(), JobStatus.PLANNING, placeholder.toJson(),
                        services.s3().uri(event.key()), services.s3().uri(output), null, Times.now());
            }
            publisher.fail(jobId, why);
        }
    }
}
