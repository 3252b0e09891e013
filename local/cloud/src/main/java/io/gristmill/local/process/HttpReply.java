package io.gristmill.local.process;

import io.gristmill.engine.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an HTTP/1.1 reply in one write. The Runtime Interface Client's native HTTP client stalls
 * ~40 ms on a reply split over several segments (Nagle and delayed ACK), and crashes on a reply
 * without a Content-Type, so every reply has one.
 */
final class HttpReply {
    private HttpReply() {}

    static void write(OutputStream out, int status, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        head.append("Content-Type: application/json\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream reply = new ByteArrayOutputStream(head.length() + body.length);
        reply.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        reply.writeBytes(body);
        reply.writeTo(out);
        out.flush();
    }

    /** The interim reply to {@code Expect: 100-continue}. */
    static void writeContinue(OutputStream out) throws IOException {
        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static byte[] error(String type, String message) {
        return Json.write(Map.of("errorType", type, "errorMessage", message)).getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 410 -> "Gone";
            case 413 -> "Payload Too Large";
            default -> "Status";
        };
    }
}
