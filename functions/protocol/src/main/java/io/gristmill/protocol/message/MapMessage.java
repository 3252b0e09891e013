package io.gristmill.protocol.message;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import io.gristmill.protocol.state.TaskId;
import java.util.LinkedHashMap;
import java.util.Map;

/** A map task's message: its split, M, and the spec. */
public record MapMessage(String jobId, int task, int maps, JobSpec spec, Split split) implements TaskMessage {
    public static final String KIND = "map";

    @Override
    public TaskId taskId() {
        return TaskId.map(task);
    }

    @Override
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("job", jobId);
        m.put("task", task);
        m.put("maps", maps);
        m.put("split", split.toMap());
        m.put("spec", spec.toMap());
        return Json.write(m);
    }

    static MapMessage fromMap(JsonMap m) {
        return new MapMessage(
                m.string("job"),
                m.integer("task"),
                m.integer("maps"),
                JobSpec.fromMap(m.object("spec")),
                Split.fromMap(m.object("split")));
    }
}
