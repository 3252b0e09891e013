package io.gristmill.protocol.state;

/**
 * A task's state in the table: {@code RUNNING} from its first attempt's start until an attempt's
 * output is committed and recorded, then {@code DONE} for good. A DONE task starts no new attempt.
 */
public enum TaskStatus {
    RUNNING,
    DONE
}
