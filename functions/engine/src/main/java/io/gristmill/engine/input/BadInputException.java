package io.gristmill.engine.input;

import java.io.IOException;

/**
 * Input that no retry can read: its bytes are wrong (a gzip object that is truncated, corrupt, or not
 * gzip at all), not the way they were fetched. The task fails its job at once, naming the object,
 * instead of failing every attempt in turn.
 */
public final class BadInputException extends IOException {
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
