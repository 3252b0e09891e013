package io.gristmill.local.process;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request as the Runtime Interface Client sends it: the head is read first, so that
 * the server can answer {@code Expect: 100-continue} before the body is read.
 */
record HttpRequest(String method, String path, Map<String, String> headers) {
    private static final int MAX_HEAD = 64 << 10;
    private static final String END_OF_HEAD = "\r\n\r\n";

    /** Reads a request head; null when the peer closed the connection between requests. */
    static HttpRequest readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0; // how much of "\r\n\r\n" was just seen
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) return null;
                throw new EOFException("connection closed inside a request head");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) throw new IOException("request head over " + MAX_HEAD + " bytes");
            matched = b == END_OF_HEAD.charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length < 2) throw new IOException("bad request line: " + lines[0]);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0)
                headers.put(
                        lines[i].substring(0, colon).trim(),
                        lines[i].substring(colon + 1).trim());
        }
        return new HttpRequest(requestLine[0], requestLine[1], headers);
    }

    boolean expectsContinue() {
        return "100-continue".equalsIgnoreCase(headers.getOrDefault("Expect", ""));
    }

    /** The declared body length, or -1 for a chunked body. */
    long contentLength() throws IOException {
        if ("chunked"
                .equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT))) return -1;
        try {
            return Long.parseLong(headers.getOrDefault("Content-Length", "0"));
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length: " + headers.get("Content-Length"));
        }
    }

    /** Reads the body; beyond {@code limit} bytes it is read and dropped, and null returned. */
    byte[] readBody(InputStream in, long limit) throws IOException {
        long length = contentLength();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean tooLarge = false;
        if (length >= 0) {
            tooLarge = copy(in, length, body, limit);
        } else {
            while (true) {
                long chunk = Long.parseLong(line(in).split(";")[0].trim(), 16);
                if (chunk == 0) {
                    while (!line(in).isEmpty()) {
                        /* trailers */
                    }
                    break;
                }
                tooLarge |= copy(in, chunk, body, limit);
                line(in);
            }
        }
        return tooLarge ? null : body.toByteArray();
    }

    private static boolean copy(InputStream in, long n, ByteArrayOutputStream to, long limit) throws IOException {
        byte[] buf = new byte[8192];
        boolean dropped = false;
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new EOFException("connection closed inside a request body");
            if (to.size() + r > limit) dropped = true;
            else to.write(buf, 0, r);
            n -= r;
        }
        return dropped;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new EOFException("connection closed inside a chunked body");
            if (b != '\r') sb.append((char) b);
        }
        return sb.toString();
    }
}
