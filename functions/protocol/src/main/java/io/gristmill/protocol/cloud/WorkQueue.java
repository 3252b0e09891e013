package io.gristmill.protocol.cloud;

/**
 * The queues the protocol sends messages to: task messages to the map and reduce queues, and a
 * pipeline's next stage to the coordinator's queue (which S3's events feed too).
 */
public enum WorkQueue {
    COORDINATOR,
    MAP,
    REDUCE
}
