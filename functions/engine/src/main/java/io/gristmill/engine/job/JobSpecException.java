package io.gristmill.engine.job;

/**
 * A job that cannot run as specified. The message says what is wrong and how to fix it; it is what
 * the user sees in the CLI, in {@code _JOB.json} and in the job's DynamoDB item.
 */
public final class JobSpecException extends Exception {
    public JobSpecException(String message) {
        super(message);
    }

    public JobSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
