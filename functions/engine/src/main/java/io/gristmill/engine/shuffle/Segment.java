package io.gristmill.engine.shuffle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A sorted run of records: one partition of a map output, a spill, or a merged pass. */
public interface Segment {
    long length();

    /** Opens the records; the caller buffers and closes the stream. */
    InputStream open() throws IOException;

    static Segment ofBytes(byte[] bytes, int offset, int length) {
        return new Segment() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes, offset, length);
            }
        };
    }

    static Segment ofFile(Path file, long offset, long length) {
        return new Segment() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                ch.position(offset);
                return new BoundedInputStream(Channels.newInputStream(ch), length);
            }

            @Override
            public String toString() {
                return file + "[" + offset + "+" + length + "]";
            }
        };
    }

    /** Reads at most {@code limit} bytes of a stream, and closes it when closed. */
    final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        public BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
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

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
