package io.gristmill.local.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The start line and headers of an HTTP/1.1 message, kept as sent (names, order, repeats), so that the
 * edge forwards a request or a response unchanged but for the headers it must change.
 */
final class HttpHead {
    /** Longer heads are refused: no AWS request comes near it. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    record Header(String name, String value) {}

    /** A message that is not HTTP/1.x, or a head too large: the connection cannot go on. */
    static final class BadMessage extends IOException {
        final int status;

        BadMessage(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private String startLine;
    private final List<Header> headers;

    HttpHead(String startLine, List<Header> headers) {
        this.startLine = startLine;
        this.headers = new ArrayList<>(headers);
    }

    /** Reads a head; null at the end of the stream before any byte of one (the peer closed an idle connection). */
    static HttpHead read(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD_BYTES};
        String start = readLine(in, budget, true);
        while (start != null && start.isEmpty()) start = readLine(in, budget, true); // stray CRLF between messages
        if (start == null) return null;
        List<Header> headers = new ArrayList<>();
        while (true) {
            String line = readLine(in, budget, false);
            if (line == null) throw new BadMessage(400, "the connection closed inside the message's headers");
            if (line.isEmpty()) break;
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                // obsolete line folding: part of the previous header's value
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), last.value() + " " + line.strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) throw new BadMessage(400, "a header line without a name: " + abbreviate(line));
            headers.add(new Header(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return new HttpHead(start, headers);
    }

    /** A line without its CRLF (a bare LF is accepted); null at the end of the stream before any byte. */
    private static String readLine(InputStream in, int[] budget, boolean first) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (--budget[0] < 0) throw new BadMessage(431, "the request's headers are larger than 64 KB");
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
                return line.toString();
            }
            line.append((char) b); // ISO-8859-1, as HTTP/1.1 heads are
        }
        if (!any && first) return null;
        throw new BadMessage(400, "the connection closed inside the message's head");
    }

    String startLine() {
        return startLine;
    }

    void startLine(String line) {
        this.startLine = line;
    }

    /** The request method (for a request head). */
    String method() {
        int sp = startLine.indexOf(' ');
        return sp < 0 ? startLine : startLine.substring(0, sp);
    }

    /** The request target, e.g. {@code /bucket/key?uploads} (for a request head). */
    String target() {
        String[] parts = startLine.split(" ");
        return parts.length >= 2 ? parts[1] : "";
    }

    /** The protocol version of a request head ({@code HTTP/1.1}). */
    String requestVersion() {
        String[] parts = startLine.split(" ");
        return parts.length >= 3 ? parts[2] : "";
    }

    /** The status code (for a response head). */
    int status() {
        String[] parts = startLine.split(" ", 3);
        try {
            return parts.length >= 2 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The first value of a header, or null. */
    String header(String name) {
        for (Header h : headers) if (h.name().equalsIgnoreCase(name)) return h.value();
        return null;
    }

    List<Header> headers() {
        return headers;
    }

    void remove(String name) {
        headers.removeIf(h -> h.name().equalsIgnoreCase(name));
    }

    /** Sets a header, in the place of the first of that name if there was one. */
    void set(String name, String value) {
        int at = -1;
        for (int i = 0; i < headers.size() && at < 0; i++) {
            if (headers.get(i).name().equalsIgnoreCase(name)) at = i;
        }
        remove(name);
        Header h = new Header(name, value);
        if (at < 0 || at > headers.size()) headers.add(h);
        else headers.add(at, h);
    }

    /** Whether the body is sent in chunks ({@code Transfer-Encoding: chunked}). */
    boolean chunked() {
        String te = header("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** The Content-Length, or -1 when absent. */
    long contentLength() throws BadMessage {
        String cl = header("Content-Length");
        if (cl == null) return -1;
        try {
            long n = Long.parseLong(cl.strip());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new BadMessage(400, "Content-Length is not a number: " + abbreviate(cl));
        }
    }

    /** Whether a connection header names this token, e.g. {@code close}. */
    boolean connection(String token) {
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase("Connection")) continue;
            for (String t : h.value().split(",")) if (t.strip().equalsIgnoreCase(token)) return true;
        }
        return false;
    }

    void write(OutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        for (Header h : headers)
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
