package io.gristmill.engine.shuffle;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An I/O failure of the framework (a spill, a merge, a fetch) surfacing through a user function's
 * call stack. It is never mistaken for a bad record: the attempt fails and the task runs again.
 */
public final class ShuffleIOException extends UncheckedIOException {
    public ShuffleIOException(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
