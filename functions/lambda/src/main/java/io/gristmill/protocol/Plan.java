package io.gristmill.protocol;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's plan: its final spec (with sampled split points) and its splits. It is written to S3 once,
 * conditionally, so that a retried coordinator sends exactly the tasks of the first plan even if the
 * input changed in between.
 */
public record Plan(JobSpec spec, List<Split> splits, int objects, long bytes) {

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec.toMap());
        m.put("objects", objects);
        m.put("bytes", bytes);
        List<Object> s = new ArrayList<>();
        for (Split split : splits) s.add(split.toMap());
        m.put("splits", s);
        return Json.write(m);
    }

    @SuppressWarnings("unchecked")
    public static Plan fromJson(String json) {
        try {
            Map<String, Object> m = Json.parseObject(json);
            List<Split> splits = new ArrayList<>();
            for (Object o : (List<Object>) m.get("splits")) splits.add(Split.fromMap((Map<String, Object>) o));
            return new Plan(JobSpec.fromJson(Json.write(m.get("spec"))), splits,
                    ((Number) m.get("objects")).intValue(), ((Number) m.get("bytes")).longValue());
        } catch (Json.JsonException e) {
            throw new IllegalStateException("corrupt plan: " + e.getMessage(), e);
        }
    }
}
