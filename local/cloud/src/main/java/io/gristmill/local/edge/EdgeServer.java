package io.gristmill.local.edge;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The edge endpoint: one HTTP/1.1 port (4566 by default, as LocalStack's) for S3, SQS and DynamoDB. Each
 * request is routed by {@link EdgeRouter} and relayed byte for byte to its service's backend (only the
 * request target of a virtual-hosted S3 request, the Host header and hop-by-hop headers change), or
 * answered by a mounted {@link EdgeHandler} or with an error in the request's protocol. It binds when
 * constructed, so a port in use fails at once; until {@link #serve} it answers every AWS request with a
 * 503 that says the stack is starting.
 */
public final class EdgeServer implements AutoCloseable {
    /** Bodies up to this size are read before routing (to route SQS's query protocol, to check signatures). */
    private static final int SMALL_BODY = 1 << 20;

    private static final int IDLE_CLIENT_MILLIS = 120_000;
    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "keep-alive", "proxy-connection", "te", "upgrade");

    private final ServerSocket server;
    private final EdgeRoutes routes;
    private final Consumer<String> log;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "edge-connection");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile EdgeRouter router;
    private volatile boolean closed;

    /**
     * Binds {@code host:port} (port 0: any free port).
     *
     * @param log one line per request handled (service, operation, status, time), e.g. to the stack's log
     * @throws BindException when the port is taken
     */
    public EdgeServer(InetAddress host, int port, EdgeRoutes routes, Consumer<String> log) throws IOException {
        this.routes = routes;
        this.log = log;
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port), 128);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.server = s;
        this.acceptor = new Thread(this::accept, "edge-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts routing AWS requests to these backends. */
    public void serve(Map<AwsService, EdgeRouter.Backend> backends, String accessKey, String secretKey) {
        RequestSigner.Verifier verifier = accessKey == null ? null : new RequestSigner.Verifier(accessKey, secretKey);
        EdgeRouter previous = router;
        router = new EdgeRouter(routes, backends, verifier);
        if (previous != null) previous.close();
    }

    /** {@code http://127.0.0.1:4566}: the address clients use (the loopback address when bound to all). */
    public URI endpoint() {
        InetAddress bound = server.getInetAddress();
        String host = bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + server.getLocalPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    public EdgeRoutes routes() {
        return routes;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serveConnection(socket));
            } catch (IOException e) {
                if (closed) return;
            } catch (RuntimeException e) {
                if (closed) return; // the pool was shut down
            }
        }
    }

    private void serveConnection(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(IDLE_CLIENT_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
            while (!closed) {
                HttpHead request;
                try {
                    request = HttpHead.read(in);
                } catch (HttpHead.BadMessage e) {
                    writeSimple(out, e.status, e.getMessage());
                    return;
                }
                if (request == null) return;
                try {
                    if (!exchange(request, in, out, remote)) return;
                } catch (HttpHead.BadMessage e) {
                    writeSimple(out, e.status, e.getMessage());
                    return;
                }
            }
        } catch (SocketTimeoutException | SocketException e) {
            // an idle client, or one that went away
        } catch (IOException e) {
            log.accept("edge: connection ended: " + e);
        } finally {
            open.remove(socket);
        }
    }

    /** One request and its response; returns whether the connection can carry another. */
    private boolean exchange(HttpHead request, InputStream in, OutputStream out, InetSocketAddress remote)
            throws IOException {
        long start = System.nanoTime();
        if (!request.requestVersion().startsWith("HTTP/1.")) {
            writeSimple(out, 505, "the edge speaks HTTP/1.1");
            return false;
        }
        boolean chunked = request.chunked();
        long length = chunked ? -1 : Math.max(0, request.contentLength());
        boolean hasBody = chunked || length > 0;
        boolean expectContinue = "100-continue".equalsIgnoreCase(String.valueOf(request.header("Expect")));
        byte[] small = null;
        if (!hasBody) {
            small = new byte[0];
        } else if (!chunked && length <= SMALL_BODY) {
            if (expectContinue) writeContinue(out);
            small = in.readNBytes((int) length);
            if (small.length < length) return false; // the client went away
        }
        boolean bodyPending = small == null; // a large or chunked body, still to be read
        boolean continueSent = expectContinue && !bodyPending;

        EdgeRouter current = router;
        String target = request.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        EdgeRouter.Route route;
        if (current != null) {
            route = current.route(request, small);
        } else {
            var mounted = routes.find(path);
            route = mounted.isPresent()
                    ? new EdgeRouter.Mounted(
                            mounted.get().getKey(), mounted.get().getValue())
                    : new EdgeRouter.Refuse(
                            "-",
                            null,
                            EdgeRouter.unavailable(
                                    request, null, "the local stack is starting; try again in a moment"));
        }

        if (route instanceof EdgeRouter.Refuse refuse) {
            writeResponse(out, request, refuse.response());
            logLine(
                    refuse.service(),
                    refuse.operation(),
                    request,
                    refuse.response().status(),
                    start);
            // A body we did not read may follow (or not, after Expect: 100-continue): start afresh.
            return !bodyPending && !request.connection("close");
        }
        if (route instanceof EdgeRouter.Mounted mounted) {
            if (bodyPending && expectContinue) writeContinue(out);
            InputStream body = small != null
                    ? new ByteArrayInputStream(small)
                    : chunked ? Bodies.dechunked(in) : Bodies.fixed(in, length);
            EdgeExchange exchange = new EdgeExchange(request, body, out, remote);
            try {
                mounted.handler().handle(exchange);
            } catch (IOException | RuntimeException e) {
                if (!exchange.responded()) {
                    exchange.respond(500, "text/plain; charset=utf-8", "error: " + e + "\n");
                } else {
                    return false;
                }
            }
            if (!exchange.responded()) exchange.respond(204, null, new byte[0]);
            out.flush();
            logLine("gristmill", mounted.prefix(), request, exchange.status(), start);
            if (bodyPending) body.transferTo(OutputStream.nullOutputStream()); // what the handler left
            return !request.connection("close");
        }
        EdgeRouter.Forward forward = (EdgeRouter.Forward) route;
        if (bodyPending && expectContinue && !continueSent) writeContinue(out);
        int status = relay(forward, request, small, chunked, length, in, out);
        logLine(forward.service().id, forward.operation(), request, Math.abs(status), start);
        return status > 0 && !request.connection("close");
    }

    /**
     * Sends the request to its backend and the response to the client. Returns the status, negative when
     * the client connection must close afterwards.
     */
    private int relay(
            EdgeRouter.Forward forward,
            HttpHead request,
            byte[] small,
            boolean chunked,
            long length,
            InputStream in,
            OutputStream out)
            throws IOException {
        Upstream upstream = forward.upstream();
        HttpHead upstreamRequest =
                new HttpHead(request.method() + " " + forward.target() + " " + "HTTP/1.1", request.headers());
        upstreamRequest.set("Host", upstream.hostPort());
        upstreamRequest.remove("Expect"); // answered here
        for (String h : HOP_BY_HOP) upstreamRequest.remove(h);

        HttpHead response = null;
        Upstream.Connection connection = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                connection = upstream.connect();
            } catch (IOException e) {
                return -writeResponse(
                        out,
                        request,
                        EdgeRouter.unavailable(
                                request,
                                forward.service(),
                                "the local " + upstream.name + " does not answer at " + upstream.base + ": "
                                        + e.getMessage()));
            }
            try {
                upstreamRequest.write(connection.out);
                if (small != null) {
                    connection.out.write(small);
                } else if (chunked) {
                    Bodies.copyChunked(in, connection.out);
                } else {
                    Bodies.copyFixed(in, connection.out, length);
                }
                connection.out.flush();
                do {
                    response = HttpHead.read(connection.in);
                    if (response == null) throw new SocketException("the backend closed the connection");
                } while (response.status() >= 100 && response.status() < 200); // interim responses
            } catch (SocketTimeoutException e) {
                connection.close();
                return -writeResponse(
                        out,
                        request,
                        EdgeRouter.unavailable(
                                request,
                                forward.service(),
                                "the local " + upstream.name + " did not answer within "
                                        + Upstream.READ_TIMEOUT_MILLIS / 60_000 + " minutes"));
            } catch (IOException e) {
                connection.close();
                response = null;
                // A kept-alive connection the backend had just closed: send again, if the body can be.
                if (connection.reused && small != null && attempt == 1) continue;
                return -writeResponse(
                        out,
                        request,
                        EdgeRouter.unavailable(
                                request,
                                forward.service(),
                                "the local " + upstream.name + " failed: " + e.getMessage()));
            }
        }

        int status = response.status();
        if (status == 501 && forward.service() == AwsService.S3) {
            // S3Proxy's "not implemented" names no operation: answer with one that does.
            try {
                discardBody(response, request, connection.in);
                if (response.connection("close")) connection.close();
                else upstream.release(connection);
            } catch (IOException e) {
                connection.close();
            }
            return writeResponse(
                    out,
                    request,
                    EdgeRouter.notImplemented(request, forward.service(), forward.operation(), upstream.name));
        }
        boolean noBody = request.method().equals("HEAD") || status == 204 || status == 304;
        boolean responseChunked = !noBody && response.chunked();
        long responseLength = noBody || responseChunked ? -1 : response.contentLength();
        boolean untilClose = !noBody && !responseChunked && responseLength < 0;
        boolean backendCloses = response.connection("close") || untilClose;
        for (String h : HOP_BY_HOP) response.remove(h);
        if (untilClose) response.set("Connection", "close");
        response.write(out);
        try {
            if (responseChunked) Bodies.copyChunked(connection.in, out);
            else if (responseLength > 0) Bodies.copyFixed(connection.in, out, responseLength);
            else if (untilClose) Bodies.copyToEnd(connection.in, out);
            out.flush();
        } catch (IOException e) {
            connection.close();
            throw e;
        }
        if (backendCloses) connection.close();
        else upstream.release(connection);
        return untilClose ? -status : status;
    }

    /** Reads a (small) response body to its end, so that the connection can carry another request. */
    private static void discardBody(HttpHead response, HttpHead request, InputStream in) throws IOException {
        if (request.method().equals("HEAD")) return;
        if (response.chunked()) Bodies.copyChunked(in, OutputStream.nullOutputStream());
        else if (response.contentLength() > 0)
            Bodies.copyFixed(in, OutputStream.nullOutputStream(), response.contentLength());
        else if (response.contentLength() < 0) throw new IOException("a body without a length: the connection ends");
    }

    private static void writeContinue(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Writes a complete response; returns its status. */
    private static int writeResponse(OutputStream out, HttpHead request, AwsErrors.Response response)
            throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ")
                .append(response.status())
                .append(' ')
                .append(reason(response.status()))
                .append("\r\n");
        response.headers().forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Content-Length: ").append(response.body().length).append("\r\n\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!request.method().equals("HEAD")) out.write(response.body());
        out.flush();
        return response.status();
    }

    private static void writeSimple(OutputStream out, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status)
                + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: " + body.length
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private void logLine(String service, String operation, HttpHead request, int status, long startNanos) {
        String target = request.target();
        if (target.length() > 120) target = target.substring(0, 117) + "...";
        log.accept(String.format(
                "%-8s %-28s %3d %6.1f ms  %s %s",
                service,
                operation == null ? "-" : operation,
                status,
                (System.nanoTime() - startNanos) / 1e6,
                request.method(),
                target));
    }

    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }

    /** Stops accepting, closes every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        connections.shutdownNow();
        try {
            acceptor.join(2_000);
            connections.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EdgeRouter r = router;
        if (r != null) r.close();
    }
}
