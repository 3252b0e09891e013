package io.gristmill.local.cloud;

/** An emulator of the local cloud could not start or run; the message says which one and what to do. */
public class EmulatorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmulatorException(String message) {
        super(message);
    }

    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
