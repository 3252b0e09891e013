package io.gristmill.engine.task;

/**
 * A user function failed in a way that retrying the same input will not fix: the message names the
 * function, where (object and byte offset, or key) and the exception, so a failed job can say why.
 */
public final class TaskFailure extends RuntimeException {
    public TaskFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code Type: message} of a throwable, for one-line reports. */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getName() + (m == null ? "" : ": " + m);
    }
}
