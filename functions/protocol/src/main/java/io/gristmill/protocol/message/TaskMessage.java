package io.gristmill.protocol.message;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import io.gristmill.protocol.state.TaskId;

/** A task's message: it carries the whole spec, so a task needs no read to start. */
public sealed interface TaskMessage permits MapMessage, MergeMessage, ReduceMessage {

    String jobId();

    TaskId taskId();

    /** M, so that the task completing the map phase knows it without reading the job. */
    int maps();

    JobSpec spec();

    String toJson();

    /** Reads a message of either kind, as its queue delivers it. */
    static TaskMessage parse(String body) {
        try {
            JsonMap m = JsonMap.parse(body);
            return switch (m.string("kind")) {
                case MapMessage.KIND -> MapMessage.fromMap(m);
                case MergeMessage.KIND -> MergeMessage.fromMap(m);
                case ReduceMessage.KIND -> ReduceMessage.fromMap(m);
                default -> throw new IllegalArgumentException("unknown kind '" + m.string("kind") + "'");
            };
        } catch (Json.JsonException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a task message (" + e.getMessage() + "): "
                            + (body.length() > 200 ? body.substring(0, 200) + "..." : body),
                    e);
        }
    }
}
