package io.gristmill.cli;

/** A command line that cannot run: the message says what is wrong and how to fix it (exit code 2). */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
