package io.gristmill.local.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request to a mounted {@link EdgeHandler}, and its response: read the request, set headers, then
 * {@link #respond} once (a whole body) or {@link #respondStreaming} (a body written as it comes, e.g.
 * server-sent events; close the stream to end it).
 */
public final class EdgeExchange {
    private final HttpHead request;
    private final InputStream body;
    private final OutputStream out;
    private final InetSocketAddress remote;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private int status;
    private boolean streaming;

    EdgeExchange(HttpHead request, InputStream body, OutputStream out, InetSocketAddress remote) {
        this.request = request;
        this.body = body;
        this.out = out;
        this.remote = remote;
    }

    public String method() {
        return request.method();
    }

    /** The path, without the query string, still URL-encoded. */
    public String path() {
        String target = request.target();
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query string without the '?', or "". */
    public String query() {
        String target = request.target();
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** The query's parameters, decoded. */
    public Map<String, String> parameters() {
        return QueryString.parse(query());
    }

    /** A request header's first value, or null. */
    public String header(String name) {
        return request.header(name);
    }

    /** The request's body (empty when it has none); read it before responding. */
    public InputStream body() {
        return body;
    }

    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** Adds a response header (before responding). */
    public EdgeExchange responseHeader(String name, String value) {
        responseHeaders.put(name, value);
        return this;
    }

    /** Whether a response was started. */
    public boolean responded() {
        return status != 0;
    }

    public int status() {
        return status;
    }

    public void respond(int status, String contentType, byte[] content) throws IOException {
        begin(status, contentType);
        responseHeaders.put("Content-Length", Integer.toString(content.length));
        writeHead();
        if (!request.method().equals("HEAD")) out.write(content);
        out.flush();
    }

    public void respond(int status, String contentType, String content) throws IOException {
        respond(status, contentType, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a response whose body is written in chunks; closing the stream ends it (the connection stays open). */
    public OutputStream respondStreaming(int status, String contentType) throws IOException {
        begin(status, contentType);
        responseHeaders.put("Transfer-Encoding", "chunked");
        writeHead();
        out.flush();
        streaming = true;
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len == 0) return;
                out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(b, off, len);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                if (closed) return;
                closed = true;
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        };
    }

    boolean streaming() {
        return streaming;
    }

    private void begin(int status, String contentType) {
        if (this.status != 0) throw new IllegalStateException("this request was answered already");
        this.status = status;
        if (contentType != null) responseHeaders.putIfAbsent("Content-Type", contentType);
    }

    private void writeHead() throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(EdgeServer.reason(status))
                .append("\r\n");
        responseHeaders.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
