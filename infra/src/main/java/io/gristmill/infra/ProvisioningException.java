package io.gristmill.infra;

/** A resource could not be created on the endpoint; the message names the resource and the endpoint's error. */
public class ProvisioningException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProvisioningException(String message) {
        super(message);
    }

    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
