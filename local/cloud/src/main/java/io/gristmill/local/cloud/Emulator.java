package io.gristmill.local.cloud;

import java.net.URI;

/** A local stand-in for one AWS service, reachable over HTTP on 127.0.0.1 between start() and close(). */
public interface Emulator extends AutoCloseable {

    /** The service and the emulator behind it, for messages, e.g. "S3 (S3Proxy)". */
    String name();

    /** Starts it and returns once its endpoint accepts requests; throws {@link EmulatorException} otherwise. */
    void start();

    /** The endpoint to give AWS SDK clients ({@code endpointOverride}); only valid once started. */
    URI endpoint();

    /** Stops it; safe to call more than once, or when start() failed or never ran. */
    @Override
    void close();
}
