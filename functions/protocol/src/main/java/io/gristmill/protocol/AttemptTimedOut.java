package io.gristmill.protocol;

import io.gristmill.protocol.state.TaskId;

/**
 * An attempt that outlived its job's task timeout where it could not be stopped (instances sharing a
 * JVM): whatever it produced is dropped, since its task was already given to another attempt.
 */
final class AttemptTimedOut extends Exception {
    AttemptTimedOut(TaskId task, Throwable cause) {
        super("attempt at " + task + " ran past its job's taskTimeout; its work is dropped", cause);
    }
}
