package io.gristmill.local.edge;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 message bodies: relayed as they are, or read as plain bytes. */
final class Bodies {
    private static final int BUFFER = 64 * 1024;

    private Bodies() {}

    /** Copies exactly {@code length} bytes. */
    static void copyFixed(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, length))];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new EOFException("the body ended " + left + " bytes early");
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** Copies until the stream ends. */
    static void copyToEnd(InputStream in, OutputStream out) throws IOException {
        in.transferTo(out);
    }

    /**
     * Relays a chunked body as it is (chunk sizes, extensions, data, the last chunk and the trailers),
     * reading its framing only to know where it ends.
     */
    static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = line(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long size = chunkSize(sizeLine);
            if (size == 0) {
                // trailers, then an empty line
                while (true) {
                    String trailer = line(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    if (trailer.isEmpty()) return;
                }
            }
            copyFixed(in, out, size);
            String end = line(in);
            if (!end.isEmpty()) throw new HttpHead.BadMessage(400, "a chunk is longer than its size says");
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** The body's bytes, decoded from chunks; for bodies known to be small. */
    static InputStream dechunked(InputStream in) {
        return new InputStream() {
            private long left = 0;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (done) return -1;
                if (left == 0) {
                    left = chunkSize(line(in));
                    if (left == 0) {
                        while (!line(in).isEmpty()) {
                            // trailers are not passed on
                        }
                        done = true;
                        return -1;
                    }
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) throw new EOFException("the chunked body ended early");
                left -= n;
                if (left == 0 && !line(in).isEmpty())
                    throw new HttpHead.BadMessage(400, "a chunk is longer than its size says");
                return n;
            }
        };
    }

    /** At most {@code length} bytes of the stream, without closing it. */
    static InputStream fixed(InputStream in, long length) {
        return new InputStream() {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int b = in.read();
                if (b < 0) throw new EOFException("the body ended " + left + " bytes early");
                left--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n < 0) throw new EOFException("the body ended " + left + " bytes early");
                left -= n;
                return n;
            }
        };
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static long chunkSize(String line) throws HttpHead.BadMessage {
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
        try {
            long size = Long.parseLong(hex, 16);
            if (size < 0) throw new NumberFormatException();
            return size;
        } catch (NumberFormatException e) {
            throw new HttpHead.BadMessage(400, "a chunk size is not a hexadecimal number: " + hex);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                return sb.toString();
            }
            if (sb.length() > 8192) throw new HttpHead.BadMessage(400, "a chunk line is longer than 8 KB");
            sb.append((char) b);
        }
        throw new EOFException("the chunked body ended early");
    }
}
