package io.gristmill.report.testing;

import com.sun.net.httpserver.HttpServer;
import io.gristmill.report.Dashboard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The dashboard behind the JDK's HTTP server on a free port of 127.0.0.1, for the browser tests: the
 * same few lines any HTTP server (the local stack's edge router) needs to serve it.
 */
public final class DashboardServer implements AutoCloseable {
    private final HttpServer server;
    private final Dashboard dashboard;

    public DashboardServer(Dashboard dashboard) throws IOException {
        this.dashboard = dashboard;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                URI uri = exchange.getRequestURI();
                Dashboard.Response r = dashboard.handle(
                        exchange.getRequestMethod(),
                        uri.getRawPath(),
                        uri.getRawQuery() == null ? "" : uri.getRawQuery());
                r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.getResponseHeaders().set("Content-Type", r.contentType());
                boolean head = exchange.getRequestMethod().equals("HEAD");
                exchange.sendResponseHeaders(r.status(), head || r.body().length == 0 ? -1 : r.body().length);
                if (!head && r.body().length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(r.body());
                    }
                }
            }
        });
        server.start();
    }

    /** The dashboard's address, e.g. {@code http://127.0.0.1:43121/_gristmill/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + dashboard.base());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
