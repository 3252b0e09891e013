package io.gristmill.local.stack;

import io.gristmill.client.StackRecord;

/**
 * The local stack cannot start or be reached; the message names the cause and the fix, for the user to
 * read as it is (no stack trace needed).
 */
public class StackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Another stack runs with this state folder already. */
    public static final class AlreadyRunning extends StackException {
        private static final long serialVersionUID = 1L;
        private final transient StackRecord record;

        AlreadyRunning(String message, StackRecord record) {
            super(message);
            this.record = record;
        }

        /** What the running stack recorded, or null if it has not finished starting. */
        public StackRecord record() {
            return record;
        }
    }
}
