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
 *
 * <p>The lease is short (10 s by default) because nothing tells a queue that an instance died: on
 * Lambda, a crashed, killed or out-of-memory instance's message stays hidden until its visibility
 * runs out, so a dead attempt's task waits at most one lease. Renewals cost one SQS request every
 * third of a lease (docs/failure-model.md has the figures).
 *
 * @param taskTimeoutSeconds how long one attempt may run before it is stopped and its task retried
 *     (the job's {@code taskTimeout}); 0 leaves only the function's own timeout
 */
public record Recovery(
        int leaseSeconds,
        boolean backups,
        double backupFactor,
        int backupMinSeconds,
        int backupMaxSeconds,
        int taskTimeoutSeconds) {

    public static final Recovery DEFAULT = new Recovery(10, true, 3.0, 30, 900, 0);

    /** Lambda's longest timeout: a task timeout beyond it would never fire. */
    public static final int MAX_TASK_TIMEOUT_SECONDS = 900;

    /** Without a task timeout of the job's own. */
    public Recovery(
            int leaseSeconds, boolean backups, double backupFactor, int backupMinSeconds, int backupMaxSeconds) {
        this(leaseSeconds, backups, backupFactor, backupMinSeconds, backupMaxSeconds, 0);
    }

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
        if (taskTimeoutSeconds < 0 || taskTimeoutSeconds > MAX_TASK_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("the task timeout must be between 1 s and " + MAX_TASK_TIMEOUT_SECONDS
                    + " s (Lambda's longest), not " + taskTimeoutSeconds + " s");
        }
    }

    /** The same settings with another task timeout (0 for none). */
    public Recovery withTaskTimeout(int seconds) {
        return new Recovery(leaseSeconds, backups, backupFactor, backupMinSeconds, backupMaxSeconds, seconds);
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
        if (taskTimeoutSeconds > 0) m.put("taskTimeoutSeconds", taskTimeoutSeconds);
        return m;
    }

    /**
     * The manifest's fields for these settings ({@code lease}, {@code backupTasks}, {@code taskTimeout});
     * empty when default.
     */
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
        if (taskTimeoutSeconds > 0) m.put("taskTimeout", taskTimeoutSeconds + "s");
        return m;
    }

    /**
     * Reads the manifest's {@code "lease"}, {@code "backupTasks"} and {@code "taskTimeout"} fields:
     * {@code "lease": "10s"}, {@code "backupTasks": false} or {@code {"factor": 3, "min": "30s", "max":
     * "15m"}}, {@code "taskTimeout": "5m"}.
     */
    static Recovery read(Object lease, Object backupTasks, Object taskTimeout, String where) throws JobSpecException {
        Recovery d = DEFAULT;
        try {
            int leaseSeconds = lease == null ? d.leaseSeconds : seconds(lease);
            int timeout = taskTimeout == null ? 0 : taskTimeoutSeconds(taskTimeout);
            if (backupTasks == null || Boolean.TRUE.equals(backupTasks)) {
                return new Recovery(
                        leaseSeconds, true, d.backupFactor, d.backupMinSeconds, d.backupMaxSeconds, timeout);
            }
            if (Boolean.FALSE.equals(backupTasks)) {
                return new Recovery(
                        leaseSeconds, false, d.backupFactor, d.backupMinSeconds, d.backupMaxSeconds, timeout);
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
            return new Recovery(leaseSeconds, true, factor, min, max, timeout);
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
                m.integer("backupMaxSeconds"),
                m.has("taskTimeoutSeconds") ? m.integer("taskTimeoutSeconds") : 0);
    }

    /** A task timeout as a manifest or {@code --task-timeout} gives it, with a message that says what fits. */
    public static int taskTimeoutSeconds(Object v) {
        long millis;
        try {
            millis = v instanceof Number n
                    ? Math.round(n.doubleValue() * 1000)
                    : Durations.parse(v.toString()).toMillis();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"taskTimeout\": " + e.getMessage());
        }
        if (millis < 1000 || millis > MAX_TASK_TIMEOUT_SECONDS * 1000L) {
            throw new IllegalArgumentException(
                    "\"taskTimeout\" must be between 1s and 15m (Lambda's longest" + " timeout), not " + v);
        }
        return (int) Math.round(millis / 1000.0);
    }

    private static int seconds(Object v) {
        long millis = v instanceof Number n
                ? Math.round(n.doubleValue() * 1000)
                : Durations.parse(v.toString()).toMillis();
        return (int) Math.max(1, Math.round(millis / 1000.0));
    }
}
