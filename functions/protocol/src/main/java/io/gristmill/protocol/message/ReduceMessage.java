package io.gristmill.protocol.message;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import io.gristmill.protocol.cloud.ObjectStore;
import io.gristmill.protocol.state.TaskId;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reduce task's message: the spec, R, and where its inputs are, either packed in the message or,
 * for very many map tasks, in an object ({@code inputsKey}).
 */
public record ReduceMessage(
        String jobId, int task, int maps, int reducers, JobSpec spec, String packedInputs, String inputsKey)
        implements TaskMessage {
    public static final String KIND = "reduce";
    /** Above this, inputs go to S3: SQS messages are limited to 256 KB. */
    public static final int MAX_INLINE_INPUTS = 200_000;

    @Override
    public TaskId taskId() {
        return TaskId.reduce(task);
    }

    @Override
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("job", jobId);
        m.put("task", task);
        m.put("maps", maps);
        m.put("reducers", reducers);
        if (packedInputs != null) m.put("inputs", packedInputs);
        if (inputsKey != null) m.put("inputsKey", inputsKey);
        m.put("spec", spec.toMap());
        return Json.write(m);
    }

    static ReduceMessage fromMap(JsonMap m) {
        return new ReduceMessage(
                m.string("job"),
                m.integer("task"),
                m.integer("maps"),
                m.integer("reducers"),
                JobSpec.fromMap(m.object("spec")),
                m.optString("inputs"),
                m.optString("inputsKey"));
    }

    /** The map-output ranges to fetch, from the message or from the object it names. */
    public List<ReduceInput> inputs(ObjectStore objects) throws IOException {
        if (packedInputs != null) return ReduceInput.unpack(packedInputs);
        String packed = objects.getText(inputsKey)
                .orElseThrow(
                        () -> new IllegalStateException("reduce inputs " + objects.uri(inputsKey) + " are missing"));
        return ReduceInput.unpack(packed);
    }
}
