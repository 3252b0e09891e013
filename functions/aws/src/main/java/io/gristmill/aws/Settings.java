package io.gristmill.aws;

import io.gristmill.engine.job.Sizes;
import io.gristmill.protocol.Cloud;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a function learns from its environment: the stack's resources and defaults. template.yaml
 * sets every variable (Globals.Function.Environment); a missing one is a deployment error, and the
 * message says so.
 */
public record Settings(
        String bucket,
        String table,
        String coordinatorQueueUrl,
        String mapQueueUrl,
        String reduceQueueUrl,
        long defaultSplitSize,
        int defaultReducers,
        int jobRetentionDays,
        int retryDelaySeconds,
        Path tmpDir,
        Cloud.CrashMode crashMode,
        long taskTmpBytes,
        long mergeAbove) {

    public static final String BUCKET = "GRISTMILL_BUCKET";
    public static final String TABLE = "GRISTMILL_TABLE";
    public static final String COORDINATOR_QUEUE_URL = "GRISTMILL_COORDINATOR_QUEUE_URL";
    public static final String MAP_QUEUE_URL = "GRISTMILL_MAP_QUEUE_URL";
    public static final String REDUCE_QUEUE_URL = "GRISTMILL_REDUCE_QUEUE_URL";
    public static final String DEFAULT_SPLIT_SIZE = "GRISTMILL_DEFAULT_SPLIT_SIZE";
    public static final String DEFAULT_REDUCERS = "GRISTMILL_DEFAULT_REDUCERS";
    public static final String JOB_RETENTION_DAYS = "GRISTMILL_JOB_RETENTION_DAYS";
    public static final String RETRY_DELAY_SECONDS = "GRISTMILL_RETRY_DELAY_SECONDS";
    /**
     * How a chaos crash kills an attempt: {@code halt} (the process dies, as a Lambda instance would)
     * or {@code throw} (where instances share a JVM, as in the local in-JVM runtime).
     */
    public static final String CRASH_MODE = "GRISTMILL_CRASH_MODE";
    /** MB of /tmp of the map and reduce functions (TaskEphemeralStorage): planning checks partitions fit. */
    public static final String TASK_TMP_MB = "GRISTMILL_TASK_TMP_MB";
    /** M x R above which jobs get a two-level shuffle (TwoLevelShuffleAbove). */
    public static final String MERGE_ABOVE = "GRISTMILL_MERGE_ABOVE";

    public static Settings from(Map<String, String> env) {
        return new Settings(
                required(env, BUCKET),
                required(env, TABLE),
                required(env, COORDINATOR_QUEUE_URL),
                required(env, MAP_QUEUE_URL),
                required(env, REDUCE_QUEUE_URL),
                Sizes.parse(env.getOrDefault(DEFAULT_SPLIT_SIZE, "64MB")),
                Integer.parseInt(env.getOrDefault(DEFAULT_REDUCERS, "4")),
                Integer.parseInt(env.getOrDefault(JOB_RETENTION_DAYS, "30")),
                Integer.parseInt(env.getOrDefault(RETRY_DELAY_SECONDS, "10")),
                Path.of(env.getOrDefault("TMPDIR", System.getProperty("java.io.tmpdir"))),
                crashMode(env.getOrDefault(CRASH_MODE, "halt")),
                Cloud.DEFAULT_TASK_TMP_BYTES,
                Cloud.DEFAULT_MERGE_ABOVE);
    }

    /**
     * These settings with the planning ones, which only the coordinator reads (template.yaml gives
     * every function the same environment): the tasks' /tmp and the two-level shuffle's threshold.
     */
    public Settings withPlanning(Map<String, String> env) {
        return new Settings(
                bucket,
                table,
                coordinatorQueueUrl,
                mapQueueUrl,
                reduceQueueUrl,
                defaultSplitSize,
                defaultReducers,
                jobRetentionDays,
                retryDelaySeconds,
                tmpDir,
                crashMode,
                Long.parseLong(env.getOrDefault(TASK_TMP_MB, Long.toString(Cloud.DEFAULT_TASK_TMP_BYTES >> 20))) << 20,
                Long.parseLong(env.getOrDefault(MERGE_ABOVE, Long.toString(Cloud.DEFAULT_MERGE_ABOVE))));
    }

    private static Cloud.CrashMode crashMode(String value) {
        try {
            return Cloud.CrashMode.valueOf(value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "environment variable " + CRASH_MODE + " is '" + value + "'; it must be halt or throw");
        }
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set; template.yaml sets it"
                    + " for every function (Globals.Function.Environment). Redeploy the stack, or set it by hand.");
        }
        return v;
    }
}
