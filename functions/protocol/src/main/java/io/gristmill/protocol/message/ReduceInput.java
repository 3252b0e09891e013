package io.gristmill.protocol.message;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One non-empty partition of one map output: bytes {@code [offset, offset+length)} of map task
 * {@code map}'s output. A reduce task's message lists them, so it fetches exactly M or fewer ranges.
 */
public record ReduceInput(int map, long offset, long length) {

    /** Packs a list compactly (varints, map indexes as deltas) for a message, in base64. */
    public static String pack(List<ReduceInput> inputs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(inputs.size() * 8);
        int previous = 0;
        for (ReduceInput in : inputs) {
            writeVarlong(out, in.map - previous);
            writeVarlong(out, in.offset);
            writeVarlong(out, in.length);
            previous = in.map;
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    public static List<ReduceInput> unpack(String packed) {
        byte[] b = Base64.getDecoder().decode(packed);
        List<ReduceInput> out = new ArrayList<>();
        int[] pos = {0};
        int map = 0;
        while (pos[0] < b.length) {
            map += (int) readVarlong(b, pos);
            long offset = readVarlong(b, pos);
            long length = readVarlong(b, pos);
            out.add(new ReduceInput(map, offset, length));
        }
        return out;
    }

    /** Partition lengths of a map output as varints: how a task item stores its output's index. */
    public static byte[] packLengths(long[] lengths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lengths.length * 2);
        for (long l : lengths) writeVarlong(out, l);
        return out.toByteArray();
    }

    public static long[] unpackLengths(byte[] packed, int partitions) {
        long[] lengths = new long[partitions];
        int[] pos = {0};
        for (int p = 0; p < partitions; p++) lengths[p] = readVarlong(packed, pos);
        if (pos[0] != packed.length)
            throw new IllegalStateException("index holds more than " + partitions + " partitions");
        return lengths;
    }

    private static void writeVarlong(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarlong(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return v;
        }
    }
}
