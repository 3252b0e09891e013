package io.gristmill.local.edge;

import java.io.IOException;

/**
 * Serves the requests under a path prefix of the edge endpoint (see {@link EdgeRoutes}), e.g. the stack's
 * own {@code /_gristmill/stack} or a dashboard. Called on the connection's thread; one exchange at a time
 * per connection, several connections at once.
 */
@FunctionalInterface
public interface EdgeHandler {
    /** Reads the request from {@code exchange} and must answer it (a response is sent even if it throws). */
    void handle(EdgeExchange exchange) throws IOException;
}
