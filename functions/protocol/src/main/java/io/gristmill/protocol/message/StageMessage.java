package io.gristmill.protocol.message;

import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Start one iteration of one stage of a pipeline: sent to the coordinator's queue by the publication
 * of the stage before, so the next stage starts event-driven, with no process waiting in between.
 * Sending it twice (a redelivered publication) starts nothing twice: the stage's job id is fixed.
 */
public record StageMessage(String pipelineId, int stage, int iteration) {
    public static final String KIND = "stage";

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("pipeline", pipelineId);
        m.put("stage", stage);
        m.put("iteration", iteration);
        return Json.write(m);
    }

    /** Whether a coordinator-queue message is a stage start (the others are S3 events). */
    public static boolean isStage(String body) {
        return body.contains("\"kind\":\"" + KIND + "\"");
    }

    public static StageMessage parse(String body) {
        try {
            JsonMap m = JsonMap.parse(body);
            return new StageMessage(m.string("pipeline"), m.integer("stage"), m.integer("iteration"));
        } catch (Json.JsonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a stage message (" + e.getMessage() + "): " + body, e);
        }
    }
}
