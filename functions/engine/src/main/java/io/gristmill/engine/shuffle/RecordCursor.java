package io.gristmill.engine.shuffle;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads records ({@code varint keyLength, varint valueLength, key, value}) from a stream through its
 * own buffer. Keys and values are copied into arrays that are reused from record to record.
 */
public final class RecordCursor implements RecordStream {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private byte[] key = new byte[64];
    private int keyLen;
    private byte[] value = new byte[64];
    private int valueLen;

    public RecordCursor(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[Math.max(bufferSize, 64)];
    }

    public static RecordCursor open(Segment segment, int bufferSize) throws IOException {
        return new RecordCursor(segment.open(), (int) Math.min(bufferSize, Math.max(64, segment.length())));
    }

    @Override
    public boolean next() throws IOException {
        int k = readVarint(true);
        if (k < 0) return false;
        int v = readVarint(false);
        if (key.length < k) key = new byte[Math.max(k, key.length * 2)];
        readFully(key, k);
        keyLen = k;
        if (value.length < v) value = new byte[Math.max(v, value.length * 2)];
        readFully(value, v);
        valueLen = v;
        return true;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) return false;
        pos = 0;
        limit = n;
        return true;
    }

    private int readVarint(boolean atRecordStart) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos == limit && !fill()) {
                if (atRecordStart && shift == 0) return -1;
                throw new EOFException("truncated record");
            }
            int b = buf[pos++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
            if (shift > 21) throw new IOException("corrupt record length");
        }
    }

    private void readFully(byte[] dst, int len) throws IOException {
        int off = 0;
        while (off < len) {
            if (pos == limit && !fill()) throw new EOFException("truncated record");
            int n = Math.min(len - off, limit - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
        }
    }

    @Override
    public byte[] key() {
        return key;
    }

    @Override
    public int keyOffset() {
        return 0;
    }

    @Override
    public int keyLength() {
        return keyLen;
    }

    @Override
    public byte[] value() {
        return value;
    }

    @Override
    public int valueOffset() {
        return 0;
    }

    @Override
    public int valueLength() {
        return valueLen;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
