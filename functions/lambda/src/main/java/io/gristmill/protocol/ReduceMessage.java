package io.gristmill.protocol;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reduce task's SQS message: the spec, R, and where its inputs are, either packed in the message
 * or, for very many map tasks, in an S3 object ({@code inputsKey}).
 */
public record ReduceMessage(String jobId, int task, int maps, int reducers, JobSpec spec, String packedInputs,
        String inputsKey) {
    public static final String KIND = "reduce";
    /** Above this, inputs go to S3: SQS messages are limited to 256 KB by default. */
    public static final int MAX_INLINE_INPUTS = 200_000;

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

    public static ReduceMessage fromMap(Map<String, Object> m) {
        return new ReduceMessage((String) m.get("job"), ((Number) m.get("task")).intValue(),
                ((Number) m.get("maps")).intValue(), ((Number) m.get("reducers")).intValue(), JobSpec.fromJson(Json.write(m.get("spec"))),
                (String) m.get("inputs"), (String) m.get("inputsKey"));
    }

    public static List<ReduceInput> inputs(ReduceMessage msg, io.gristmill.aws.S3Store s3) {
        if (msg.packedInputs() != null) return ReduceInput.unpack(msg.packedInputs());
        String packed = s3.getString(msg.inputsKey()).orElseThrow(() ->
                new IllegalStateException("reduce inputs " + s3.uri(msg.inputsKey()) + " are missing"));
        return ReduceInput.unpack(packed);
    }
}
