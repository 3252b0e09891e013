package io.gristmill.local.cloud;

import java.net.URI;

/**
 * A local stand-in for one AWS service, reachable over HTTP on 127.0.0.1 between start() and
 * close(). Subclasses set {@link #endpoint} once they accept requests and clear it when stopped.
 */
public abstract class Emulator implements AutoCloseable {
    /** Where it listens once started; null before and after. */
    protected URI endpoint;

    /** The service and the emulator behind it, for messages, e.g. "S3 (S3Proxy)". */
    public abstract String name();

    /** Starts it and returns once its endpoint accepts requests; throws {@link EmulatorException} otherwise. */
    public abstract void start();

    /** The endpoint to give AWS SDK clients ({@code endpointOverride}); only valid once started. */
    public synchronized URI endpoint() {
        if (endpoint == null) throw new IllegalStateException(name() + " is not started");
        return endpoint;
    }

    /** Stops it; safe to call more than once, or when start() failed or never ran. */
    @Override
    public abstract void close();
}
