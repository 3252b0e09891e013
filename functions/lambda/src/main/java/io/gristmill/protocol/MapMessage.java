package io.gristmill.protocol;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map task's SQS message. It carries the whole spec and split, so a task needs no read to start,
 * and M, so the task that completes the phase knows it without reading the job.
 */
public record MapMessage(String jobId, int task, int maps, JobSpec spec, Split split) {
    public static final String KIND = "map";

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

    @SuppressWarnings("unchecked")
    public static MapMessage fromMap(Map<String, Object> m) {
        return new MapMessage((String) m.get("job"), ((Number) m.get("task")).intValue(),
                ((Number) m.get("maps")).intValue(), JobSpec.fromJson(Json.write(m.get("spec"))),
                Split.fromMap((Map<String, Object>) m.get("split")));
    }
}
