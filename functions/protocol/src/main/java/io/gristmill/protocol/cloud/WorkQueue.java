package io.gristmill.protocol.cloud;

/** The queues the protocol sends task messages to (the coordinator's queue is fed by S3 events). */
public enum WorkQueue {
    MAP,
    REDUCE
}
