package io.gristmill.engine.shuffle;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The footer of a run (see {@link RunWriter}): where each partition starts and ends, and the
 * writer's JSON note.
 *
 * @param offsets R+1 offsets: partition p is the bytes {@code [offsets[p], offsets[p+1])}
 */
public record RunIndex(long[] offsets, String meta) {
    /** Bytes at the end of a run that hold the footer's length and magic. */
    public static final int TRAILER = 8;

    public int partitions() {
        return offsets.length - 1;
    }

    public long offset(int p) {
        return offsets[p];
    }

    public long length(int p) {
        return offsets[p + 1] - offsets[p];
    }

    /** How many bytes from the end of the run hold the whole footer, read from its last 8 bytes. */
    public static int tailLength(byte[] trailer) throws IOException {
        int n = trailer.length;
        if (n < TRAILER || !Arrays.equals(trailer, n - 4, n, RunWriter.MAGIC, 0, 4)) {
            throw new IOException("not a Gristmill run: bad trailer");
        }
        int footerLen = ((trailer[n - 8] & 0xFF) << 24)
                | ((trailer[n - 7] & 0xFF) << 16)
                | ((trailer[n - 6] & 0xFF) << 8)
                | (trailer[n - 5] & 0xFF);
        return footerLen + TRAILER;
    }

    /** Parses the footer from the run's last {@code tail.length} bytes (at least {@link #tailLength}). */
    public static RunIndex parse(byte[] tail) throws IOException {
        int total = tailLength(tail);
        if (tail.length < total) throw new IOException("footer needs " + total + " bytes, have " + tail.length);
        int pos = tail.length - total;
        if (!Arrays.equals(tail, pos, pos + 4, RunWriter.MAGIC, 0, 4)) {
            throw new IOException("not a Gristmill run: bad footer");
        }
        pos += 4;
        int[] cursor = {pos};
        int partitions = (int) readVarlong(tail, cursor);
        long[] offsets = new long[partitions + 1];
        for (int p = 0; p < partitions; p++) {
            offsets[p + 1] = offsets[p] + readVarlong(tail, cursor);
        }
        int metaLen = (int) readVarlong(tail, cursor);
        String meta = new String(tail, cursor[0], metaLen, StandardCharsets.UTF_8);
        return new RunIndex(offsets, meta);
    }

    public static RunIndex read(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            byte[] trailer = new byte[TRAILER];
            raf.seek(size - TRAILER);
            raf.readFully(trailer);
            byte[] tail = new byte[tailLength(trailer)];
            raf.seek(size - tail.length);
            raf.readFully(tail);
            return parse(tail);
        }
    }

    private static long readVarlong(byte[] buf, int[] cursor) throws IOException {
        long value = 0;
        int pos = cursor[0];
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = buf[pos++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                cursor[0] = pos;
                return value;
            }
        }
        throw new IOException("corrupt footer");
    }
}
