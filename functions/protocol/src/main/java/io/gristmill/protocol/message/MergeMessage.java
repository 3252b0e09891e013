package io.gristmill.protocol.message;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import io.gristmill.protocol.state.TaskId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A merge task's message (a two-level shuffle): merge group {@code task}, the map outputs
 * {@code [task * G, min((task + 1) * G, M))} where G is the spec's merge group, into one run.
 */
public record MergeMessage(String jobId, int task, int maps, JobSpec spec) implements TaskMessage {
    public static final String KIND = "merge";

    @Override
    public TaskId taskId() {
        return TaskId.merge(task);
    }

    /** The first map output of the group. */
    public int firstMap() {
        return task * spec.mergeGroup();
    }

    /** One past the last map output of the group. */
    public int endMap() {
        return Math.min(maps, (task + 1) * spec.mergeGroup());
    }

    @Override
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("job", jobId);
        m.put("task", task);
        m.put("maps", maps);
        m.put("spec", spec.toMap());
        return Json.write(m);
    }

    static MergeMessage fromMap(JsonMap m) {
        return new MergeMessage(
                m.string("job"), m.integer("task"), m.integer("maps"), JobSpec.fromMap(m.object("spec")));
    }
}
