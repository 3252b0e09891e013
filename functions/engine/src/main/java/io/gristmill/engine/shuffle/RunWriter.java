package io.gristmill.engine.shuffle;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a run: R sorted partitions one after the other, then a footer with each partition's length
 * and a small JSON document (who wrote it, its counters). Map outputs, spills and merge passes all
 * share this format, so a reducer fetches its partition of a map output with one ranged GET.
 *
 * <pre>
 * run     := segment[0] .. segment[R-1] footer
 * segment := record*            (sorted by key)
 * record  := varint keyLength, varint valueLength, key bytes, value bytes
 * footer  := "GMR1" varint R varlong length[0..R-1] varint metaLength meta int32 footerLength "GMR1"
 * </pre>
 */
public final class RunWriter implements Closeable {
    static final byte[] MAGIC = {'G', 'M', 'R', '1'};

    private final OutputStream out;
    private final long[] lengths;
    private final byte[] header = new byte[10];
    private int partition = -1;
    private long records;

    public RunWriter(OutputStream out, int partitions) {
        this.out = out;
        this.lengths = new long[partitions];
    }

    /** Starts partition {@code p}; partitions are written in increasing order, gaps are empty. */
    public void startPartition(int p) {
        if (p < partition || p >= lengths.length) {
            throw new IllegalStateException("partition " + p + " out of order after " + partition);
        }
        partition = p;
    }

    public void write(byte[] key, int keyOff, int keyLen, byte[] value, int valueOff, int valueLen) throws IOException {
        int h = Varint.write(header, 0, keyLen);
        h = Varint.write(header, h, valueLen);
        out.write(header, 0, h);
        out.write(key, keyOff, keyLen);
        out.write(value, valueOff, valueLen);
        lengths[partition] += h + keyLen + valueLen;
        records++;
    }

    public void write(RecordStream r) throws IOException {
        write(r.key(), r.keyOffset(), r.keyLength(), r.value(), r.valueOffset(), r.valueLength());
    }

    public long records() {
        return records;
    }

    public long dataBytes() {
        long sum = 0;
        for (long l : lengths) sum += l;
        return sum;
    }

    /** Writes the footer and returns the partition lengths; the caller closes the stream. */
    public long[] finish(String meta) throws IOException {
        out.write(footer(lengths, meta));
        out.flush();
        return lengths.clone();
    }

    /** The footer of a run with these partition lengths: what follows its last partition. */
    public static byte[] footer(long[] lengths, String meta) {
        byte[] metaBytes = meta.getBytes(StandardCharsets.UTF_8);
        byte[] footer = new byte[4 + 5 + lengths.length * 10 + 5 + metaBytes.length + 8];
        System.arraycopy(MAGIC, 0, footer, 0, 4);
        int pos = Varint.write(footer, 4, lengths.length);
        for (long l : lengths) pos = writeVarlong(footer, pos, l);
        pos = Varint.write(footer, pos, metaBytes.length);
        System.arraycopy(metaBytes, 0, footer, pos, metaBytes.length);
        pos += metaBytes.length;
        int footerLength = pos;
        footer[pos++] = (byte) (footerLength >>> 24);
        footer[pos++] = (byte) (footerLength >>> 16);
        footer[pos++] = (byte) (footerLength >>> 8);
        footer[pos++] = (byte) footerLength;
        System.arraycopy(MAGIC, 0, footer, pos, 4);
        return java.util.Arrays.copyOf(footer, pos + 4);
    }

    static int writeVarlong(byte[] buf, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
        return pos;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
