package io.gristmill.engine.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a job's tasks recover from lost and slow attempts.
 *
 * <p>An attempt holds its task's SQS message invisible for {@code leaseSeconds} and renews the
 * lease while it works; if it dies, the message reappears within a lease and the task runs again.
 * An attempt that runs longer than {@code backupFactor} times the median duration of its phase's
 * finished tasks (but at least {@code backupMinSeconds}, and in any case after
 * {@code backupMaxSeconds}) is a straggler: it stops renewing, so a backup attempt starts while it
 * keeps running, and the first to commit wins (the paper's backup tasks, section 3.6).
 */
public record Recovery(
        int leaseSeconds, boolean backups, double backupFactor, int backupMinSeconds, int backupMaxSeconds) {

    public static final Recovery DEFAULT = new Recovery(60, true, 3.0, 30, 900);

    public Recovery {
        if (leaseSeconds < 1 || leaseSeconds > 43_200) {
            throw new IllegalArgumentException(
                    "the lease must be between 1 s and 12 h (SQS's limit), not " + leaseSeconds + " s");
        }
        if (backupFactor < 1)
            throw new IllegalArgumentException("backup factor must be at least 1, not " + backupFactor);
        if (backupMinSeconds < 0 || backupMaxSeconds < backupMinSeconds) {
            throw new IllegalArgumentException("backup bounds must satisfy 0 <= min <= max (got min " + backupMinSeconds
                    + " s, max " + backupMaxSeconds + " s)");
        }
    }

    /** When an attempt that started {@code elapsed} ago should get a backup, given its phase's median. */
    public long backupAfterMillis(Long medianMillis) {
        long max = backupMaxSeconds * 1000L;
        if (medianMillis == null) return max;
        long scaled = Math.round(backupFactor * medianMillis);
        return Math.min(max, Math.max(backupMinSeconds * 1000L, scaled));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leaseSeconds", leaseSeconds);
        m.put("backups", backups);
        m.put("backupFactor", backupFactor);
        m.put("backupMinSeconds", backupMinSeconds);
        m.put("backupMaxSeconds", backupMaxSeconds);
        return m;
    }

    /** The manifest's fields for these settings ({@code lease}, {@code backupTasks}); empty when default. */
    public Map<String, Object> toManifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (leaseSeconds != DEFAULT.leaseSeconds) m.put("lease", leaseSeconds + "s");
        if (!backups) {
            m.put("backupTasks", false);
        } else if (backupFactor != DEFAULT.backupFactor
                || backupMinSeconds != DEFAULT.backupMinSeconds
                || backupMaxSeconds != DEFAULT.backupMaxSeconds) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("factor", backupFactor);
            b.put("min", backupMinSeconds + "s");
            b.put("max", backupMaxSeconds + "s");
            m.put("backupTasks", b);
        }
        return m;
    }

    /**
     * Reads the manifest's {@code "lease"} and {@code "backupTasks"} fields: {@code "lease": "60s"},
     * {@code "backupTasks": false} or {@code {"factor": 3, "min": "30s", "max": "15m"}}.
     */
    static Recovery read(Object lease, Object backupTasks, String where) throws JobSpecException {
        Recovery d = DEFAULT;
        try {
            int leaseSeconds = lease == null ? d.leaseSeconds : seconds(lease);
            if (backupTasks == null || Boolean.TRUE.equals(backupTasks)) {
                return new Recovery(leaseSeconds, true, d.backupFactor, d.backupMinSeconds, d.backupMaxSeconds);
            }
            if (Boolean.FALSE.equals(backupTasks)) {
                return new Recovery(leaseSeconds, false, d.backupFactor, d.backupMinSeconds, d.backupMaxSeconds);
            }
            if (!(backupTasks instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(
                        "\"backupTasks\" must be true, false or {\"factor\": 3, \"min\": \"30s\","
                                + " \"max\": \"15m\"}");
            }
            for (Object k : m.keySet()) {
                if (!java.util.Set.of("factor", "min", "max").contains(k)) {
                    throw new IllegalArgumentException(
                            "\"backupTasks\" has an unknown field '" + k + "'; its fields are" + " factor, min, max");
                }
            }
            double factor = m.get("factor") == null ? d.backupFactor : ((Number) m.get("factor")).doubleValue();
            int min = m.get("min") == null ? d.backupMinSeconds : seconds(m.get("min"));
            int max = m.get("max") == null ? d.backupMaxSeconds : seconds(m.get("max"));
            return new Recovery(leaseSeconds, true, factor, min, max);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new JobSpecException(where + e.getMessage());
        }
    }

    /** Reads the form {@link #toMap} writes (task messages, plans). */
    static Recovery fromMap(io.gristmill.engine.json.JsonMap m) {
        return new Recovery(
                m.integer("leaseSeconds"),
                m.bool("backups"),
                m.decimal("backupFactor"),
                m.integer("backupMinSeconds"),
                m.integer("backupMaxSeconds"));
    }

    private static int seconds(Object v) {
        long millis = v instanceof Number n
                ? Math.round(n.doubleValue() * 1000)
                : Durations.parse(v.toString()).toMillis();
        return (int) Math.max(1, Math.round(millis / 1000.0));
    }
}
