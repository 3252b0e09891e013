package io.gristmill.bench.child.java;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;

/** Reads the lines of a {@link FileRange}: the plain BufferedReader loop, over a slice of the file. */
final class RangeReader {
    interface LineHandler {
        void line(String source, String line);
    }

    private RangeReader() {}

    static void read(FileRange range, LineHandler handler) throws IOException {
        try (FileChannel channel = FileChannel.open(range.file(), StandardOpenOption.READ)) {
            channel.position(range.start());
            InputStream slice = new Slice(Channels.newInputStream(channel), range.end() - range.start());
            BufferedReader in = new BufferedReader(new InputStreamReader(slice, StandardCharsets.UTF_8), 1 << 16);
            for (String line; (line = in.readLine()) != null; ) handler.line(range.name(), line);
        }
    }

    /** At most {@code remaining} bytes of a stream. */
    private static final class Slice extends InputStream {
        private final InputStream in;
        private long remaining;

        Slice(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = in.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }
    }
}
