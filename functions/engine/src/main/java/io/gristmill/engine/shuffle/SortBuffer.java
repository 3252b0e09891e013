package io.gristmill.engine.shuffle;

import java.util.Arrays;

/**
 * The map side's in-memory buffer: records are encoded into one byte arena as they are emitted,
 * then sorted by (partition, key) before a spill.
 *
 * <p>Sorting works on primitives: a counting sort by partition, then {@code Arrays.sort} on longs
 * that pack each key's first four ranked bytes above the record's index. Only records whose
 * prefixes tie are compared in full, with a three-way quicksort that handles the many equal keys of
 * real data (every "the" in a book) in linear time.
 */
public final class SortBuffer {
    /** Per-record bookkeeping outside the arena: 4 ints of metadata and 8 bytes of sort key. */
    public static final int RECORD_OVERHEAD = 24;

    private final int partitions;
    private final long limit;
    private byte[] data;
    private int used;
    private int[] meta; // partition, keyOff, keyLen, valueLen
    private int count;
    private long[] sortKeys;
    private int[] starts;

    /**
     * @param limitBytes memory the buffer may use before it reports full (arena plus bookkeeping)
     */
    public SortBuffer(int partitions, long limitBytes) {
        this.partitions = partitions;
        this.limit = Math.max(limitBytes, 4096);
        this.data = new byte[(int) Math.min(this.limit / 2, 1 << 20)];
        this.meta = new int[4 * 4096];
    }

    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Memory in use by records, as counted against the limit. */
    public long memoryUsed() {
        return used + (long) RECORD_OVERHEAD * count;
    }

    /**
     * Adds a record, or returns false when it does not fit: the caller spills, then adds again. An
     * empty buffer always takes the record, however large.
     */
    public boolean add(int partition, String key, String value) {
        int need = Utf8.maxLength(key) + Utf8.maxLength(value);
        if (count > 0 && used + (long) need + (long) RECORD_OVERHEAD * (count + 1) > limit) {
            return false;
        }
        ensureData(used + need);
        if (meta.length < 4 * (count + 1)) {
            meta = Arrays.copyOf(meta, meta.length * 2);
        }
        int keyOff = used;
        int keyEnd = Utf8.encode(key, data, keyOff);
        int valueEnd = Utf8.encode(value, data, keyEnd);
        int m = 4 * count;
        meta[m] = partition;
        meta[m + 1] = keyOff;
        meta[m + 2] = keyEnd - keyOff;
        meta[m + 3] = valueEnd - keyEnd;
        used = valueEnd;
        count++;
        return true;
    }

    private void ensureData(long needed) {
        if (needed <= data.length) return;
        long grown = Math.max(needed, Math.min((long) data.length * 2, limit));
        if (grown > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("record too large for the sort buffer: " + needed + " bytes");
        }
        data = Arrays.copyOf(data, (int) grown);
    }

    /** Sorts the records by partition, then key. */
    public void sort() {
        starts = new int[partitions + 1];
        for (int i = 0; i < count; i++) {
            starts[meta[4 * i] + 1]++;
        }
        for (int p = 0; p < partitions; p++) {
            starts[p + 1] += starts[p];
        }
        if (sortKeys == null || sortKeys.length < count) {
            sortKeys = new long[Math.max(count, 1024)];
        }
        int[] fill = Arrays.copyOf(starts, partitions);
        for (int i = 0; i < count; i++) {
            int m = 4 * i;
            // Flipping the sign bit makes signed long order follow the unsigned prefix.
            long high = KeyOrder.prefix(data, meta[m + 1], meta[m + 2]) ^ 0x80000000;
            sortKeys[fill[meta[m]]++] = (high << 32) | i;
        }
        int[] scratch = new int[16];
        for (int p = 0; p < partitions; p++) {
            int from = starts[p];
            int to = starts[p + 1];
            Arrays.sort(sortKeys, from, to);
            // Resolve runs whose 4-byte prefixes tie by comparing whole keys.
            int runStart = from;
            for (int i = from + 1; i <= to; i++) {
                if (i == to || (sortKeys[i] >>> 32) != (sortKeys[runStart] >>> 32)) {
                    int n = i - runStart;
                    if (n > 1) {
                        if (scratch.length < n) scratch = new int[Math.max(n, scratch.length * 2)];
                        for (int j = 0; j < n; j++) scratch[j] = (int) sortKeys[runStart + j];
                        quicksort(scratch, 0, n);
                        long high = sortKeys[runStart] & 0xFFFFFFFF00000000L;
                        for (int j = 0; j < n; j++) sortKeys[runStart + j] = high | scratch[j];
                    }
                    runStart = i;
                }
            }
        }
    }

    private int compare(int a, int b) {
        int ma = 4 * a;
        int mb = 4 * b;
        return KeyOrder.compare(data, meta[ma + 1], meta[ma + 2], data, meta[mb + 1], meta[mb + 2]);
    }

    /** Three-way quicksort of record indices a[lo, hi) by key. */
    private void quicksort(int[] a, int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            int pivot = median(a[lo], a[mid], a[hi - 1]);
            int lt = lo;
            int i = lo;
            int gt = hi - 1;
            while (i <= gt) {
                int c = compare(a[i], pivot);
                if (c < 0) {
                    swap(a, lt++, i++);
                } else if (c > 0) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (lt - lo < hi - gt - 1) {
                quicksort(a, lo, lt);
                lo = gt + 1;
            } else {
                quicksort(a, gt + 1, hi);
                hi = lt;
            }
        }
        for (int i = lo + 1; i < hi; i++) {
            int x = a[i];
            int j = i - 1;
            while (j >= lo && compare(a[j], x) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
    }

    private int median(int x, int y, int z) {
        if (compare(x, y) < 0) {
            if (compare(y, z) < 0) return y;
            return compare(x, z) < 0 ? z : x;
        }
        if (compare(x, z) < 0) return x;
        return compare(y, z) < 0 ? z : y;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** The sorted records of one partition; call {@link #sort()} first. */
    public RecordStream partition(int p) {
        final int from = starts[p];
        final int to = starts[p + 1];
        return new RecordStream() {
            private int i = from - 1;
            private int m;

            @Override
            public boolean next() {
                if (++i >= to) return false;
                m = 4 * (int) sortKeys[i];
                return true;
            }

            @Override
            public byte[] key() {
                return data;
            }

            @Override
            public int keyOffset() {
                return meta[m + 1];
            }

            @Override
            public int keyLength() {
                return meta[m + 2];
            }

            @Override
            public byte[] value() {
                return data;
            }

            @Override
            public int valueOffset() {
                return meta[m + 1] + meta[m + 2];
            }

            @Override
            public int valueLength() {
                return meta[m + 3];
            }
        };
    }

    /** Empties the buffer, keeping its arrays for the next round. */
    public void clear() {
        used = 0;
        count = 0;
        starts = null;
    }
}
