package io.gristmill.protocol;

import io.gristmill.protocol.cloud.Clock;
import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.cloud.ObjectStore;
import io.gristmill.protocol.cloud.WorkQueues;
import java.nio.file.Path;

/**
 * Everything the protocol talks to and the stack's settings: S3, DynamoDB and SQS behind the
 * protocol's own interfaces on AWS and in the local cloud, in-memory implementations on a virtual
 * clock in tests and in the simulator.
 *
 * @param defaultReducers R when a job gives none (the stack's {@code DefaultReducers})
 * @param defaultSplitSize bytes per map task when a job gives none
 * @param tmpDir where attempts spill and fetch (Lambda's /tmp)
 * @param crashMode how a chaos crash kills an attempt
 * @param taskTmpBytes the size of a map or reduce function's /tmp (the stack's TaskEphemeralStorage):
 *     planning refuses a job whose estimated partitions would not fit
 * @param mergeAbove M x R above which the coordinator plans a two-level shuffle (the stack's
 *     TwoLevelShuffleAbove; docs/scale.md)
 * @param retryDelaySeconds the stack's {@code RetryDelaySeconds}: how long a failed attempt's message
 *     waits before its next delivery (doubling with each one, {@link Retries})
 */
public record Cloud(
        ObjectStore objects,
        JobTable table,
        WorkQueues queues,
        Clock clock,
        int defaultReducers,
        long defaultSplitSize,
        Path tmpDir,
        CrashMode crashMode,
        long taskTmpBytes,
        long mergeAbove,
        int retryDelaySeconds) {

    /** /tmp of a task function unless the stack says otherwise: Lambda's default, 512 MB. */
    public static final long DEFAULT_TASK_TMP_BYTES = 512L << 20;

    /** M x R above which a shuffle has two levels unless the stack says otherwise (docs/scale.md). */
    public static final long DEFAULT_MERGE_ABOVE = 4_000_000;

    /**
     * How a chaos crash kills an attempt: {@code HALT} (the process dies, as a Lambda instance would)
     * or {@code THROW} (where instances share a JVM: the in-JVM runtime, the in-memory cloud).
     */
    public enum CrashMode {
        HALT,
        THROW
    }
}
