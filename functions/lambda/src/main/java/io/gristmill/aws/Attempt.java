package io.gristmill.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One attempt at a task, as recorded on the task's item: who ran it, when, and how it ended.
 *
 * @param delivery the SQS receive count of the message that started it (1 for the first delivery)
 * @param outcome null while running (and for ever if it crashed); {@code committed},
 *     {@code superseded} (another attempt committed first), or {@code failed} (its function threw)
 */
public record Attempt(String id, int delivery, String worker, long start, Long end, String outcome, String error) {
    public static final String COMMITTED = "committed";
    public static final String SUPERSEDED = "superseded";
    public static final String FAILED = "failed";

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("delivery", delivery);
        m.put("worker", worker);
        m.put("start", Times.iso(start));
        if (end != null) {
            m.put("end", Times.iso(end));
            m.put("seconds", (end - start) / 1000.0);
        }
        m.put("outcome", outcome == null ? "running" : outcome);
        if (error != null) m.put("error", error);
        return m;
    }
}
