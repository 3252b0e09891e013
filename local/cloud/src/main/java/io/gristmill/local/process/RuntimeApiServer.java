package io.gristmill.local.process;

import io.gristmill.engine.json.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API of one function instance, on its own loopback port (as each Lambda
 * sandbox has its own), so every request on it comes from that instance:
 * {@code GET /2018-06-01/runtime/invocation/next}, {@code POST .../invocation/{id}/response},
 * {@code .../invocation/{id}/error} and {@code /2018-06-01/runtime/init/error}. Status codes are
 * the ones the Runtime Interface Client insists on: 202 for /error and /init/error, or it exits.
 */
final class RuntimeApiServer implements AutoCloseable {
    private static final String PREFIX = "/2018-06-01/runtime/";
    /** Lambda's limit on a synchronous response; the client turns a 413 into an error report. */
    private static final long MAX_RESPONSE = 6 * 1024 * 1024;

    /** The instance behind the API. */
    interface Instance {
        /**
         * Blocks until an invocation is handed to this instance, or returns null when it is closing. The first
         * call ends the instance's init.
         */
        Invocation awaitNext() throws InterruptedException;

        /** False when no invocation with this id is running here. */
        boolean ended(String requestId, InvocationEnd outcome);

        void initFailed(InvocationEnd.InitFailed failure);
    }

    private final ServerSocket socket;
    private final Instance instance;
    private final String functionArn;
    private final String name;
    private final List<Thread> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    RuntimeApiServer(Instance instance, String functionArn, String name) throws IOException {
        this.socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.instance = instance;
        this.functionArn = functionArn;
        this.name = name;
        Thread acceptor = new Thread(this::accept, "runtime-api-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "runtime-api-" + name + "-conn");
                t.setDaemon(true);
                connections.add(t);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            HttpRequest request;
            while ((request = HttpRequest.readHead(in)) != null) {
                if (request.expectsContinue()) HttpReply.writeContinue(out);
                byte[] body = request.readBody(in, MAX_RESPONSE);
                if (!route(request, body, out)) return;
            }
        } catch (IOException | InterruptedException e) {
            // the instance exited or is being closed: nothing to answer
        } finally {
            sockets.remove(s);
        }
    }

    /** Answers one request; false when the connection should close. */
    private boolean route(HttpRequest request, byte[] body, OutputStream out) throws IOException, InterruptedException {
        String path = request.path();
        if (!path.startsWith(PREFIX)) {
            HttpReply.write(out, 404, Map.of(), HttpReply.error("NotFound", "no such path " + path));
            return true;
        }
        String rest = path.substring(PREFIX.length());
        if (request.method().equals("GET") && rest.equals("invocation/next")) {
            Invocation next = instance.awaitNext();
            if (next == null) return false;
            long deadline = next.dispatch();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Lambda-Runtime-Aws-Request-Id", next.requestId);
            headers.put("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
            headers.put("Lambda-Runtime-Invoked-Function-Arn", functionArn);
            headers.put("Lambda-Runtime-Trace-Id", next.traceId);
            HttpReply.write(out, 200, headers, next.payload);
            return true;
        }
        if (request.method().equals("POST") && rest.equals("init/error")) {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            instance.initFailed(new InvocationEnd.InitFailed(
                    errorType(request, "Runtime.Unknown"),
                    errorField(body, "errorType", "") + ": " + errorField(body, "errorMessage", text)));
            HttpReply.write(out, 202, Map.of(), "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
            return true;
        }
        if (request.method().equals("POST") && rest.startsWith("invocation/")) {
            String[] parts = rest.split("/");
            if (parts.length == 3 && (parts[2].equals("response") || parts[2].equals("error"))) {
                String id = parts[1];
                if (body == null) { // over the response limit: the client reports it as an error
                    HttpReply.write(
                            out,
                            413,
                            Map.of(),
                            HttpReply.error("RequestEntityTooLarge", "response over " + MAX_RESPONSE + " bytes"));
                    return true;
                }
                InvocationEnd outcome = parts[2].equals("response")
                        ? new InvocationEnd.Response(body)
                        : new InvocationEnd.FunctionError(
                                errorField(body, "errorType", errorType(request, "Runtime.Unknown")),
                                errorField(body, "errorMessage", new String(body, StandardCharsets.UTF_8)));
                if (!instance.ended(id, outcome)) {
                    HttpReply.write(out, 400, Map.of(), HttpReply.error("InvalidRequestID", "no invocation " + id));
                    return true;
                }
                HttpReply.write(out, 202, Map.of(), "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8));
                return true;
            }
        }
        HttpReply.write(out, 404, Map.of(), HttpReply.error("NotFound", request.method() + " " + path));
        return true;
    }

    private static String errorType(HttpRequest request, String fallback) {
        return request.headers().getOrDefault("Lambda-Runtime-Function-Error-Type", fallback);
    }

    /**
     * A field of the client's error document ({@code errorMessage}, {@code errorType} of the thrown
     * exception, e.g. java.lang.IllegalStateException), or the fallback.
     */
    private static String errorField(byte[] body, String field, String fallback) {
        if (body == null) return fallback;
        try {
            Object value =
                    Json.parseObject(new String(body, StandardCharsets.UTF_8)).get(field);
            if (value != null) return value.toString();
        } catch (Json.JsonException e) {
            // not the client's JSON
        }
        return fallback;
    }

    /**
     * Waits until every connection has read what the process sent before it died (its sockets end
     * with the process), so a response posted just before an exit still counts.
     */
    void drain(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread t : connections) {
            long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
            if (left > 0) t.join(left);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
