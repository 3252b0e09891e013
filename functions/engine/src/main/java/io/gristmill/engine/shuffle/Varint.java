package io.gristmill.engine.shuffle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Unsigned LEB128 integers: one byte for values below 128, which covers most key and value lengths. */
public final class Varint {
    private Varint() {}

    /** Writes {@code value} at {@code pos} and returns the position after it. */
    public static int write(byte[] buf, int pos, int value) {
        while ((value & ~0x7F) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }

    public static int size(int value) {
        int n = 1;
        while ((value & ~0x7F) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /** Reads a varint, or returns -1 at a clean end of stream (before its first byte). */
    public static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) return -1;
        int value = b & 0x7F;
        int shift = 7;
        while ((b & 0x80) != 0) {
            b = in.read();
            if (b < 0) throw new EOFException("truncated record length");
            if (shift > 28) throw new IOException("corrupt record length");
            value |= (b & 0x7F) << shift;
            shift += 7;
        }
        return value;
    }
}
