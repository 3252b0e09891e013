package io.gristmill.engine.task;

import io.gristmill.api.Combiner;
import io.gristmill.api.Emitter;
import io.gristmill.engine.shuffle.RunWriter;
import io.gristmill.engine.shuffle.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.ToIntFunction;

/**
 * The map side's buffer when the job has a combiner: a hash table from key to its pending values,
 * combined a few at a time as they arrive. Word count then keeps one count per distinct word
 * instead of sorting millions of (word, 1) pairs; only the distinct keys are sorted when the
 * buffer spills. A combiner may run on any subset of a key's values, any number of times, so
 * combining early changes nothing in the result.
 */
final class CombiningBuffer {
    /** Values a key collects before the combiner shrinks them. */
    static final int COMBINE_EVERY = 16;

    private final Combiner combiner;
    private final long limit;
    private final Counters counters;
    private final HashMap<String, Entry> table = new HashMap<>();
    private long memory;
    private long combineIn;
    private long combineOut;

    /** A key, its partition and its values waiting to be combined. */
    private static final class Entry {
        final String key;
        final int partition;
        String[] values = new String[4];
        int count;

        Entry(String key, int partition) {
            this.key = key;
            this.partition = partition;
        }
    }

    CombiningBuffer(Combiner combiner, long limitBytes, Counters counters) {
        this.combiner = combiner;
        this.limit = Math.max(limitBytes, 4096);
        this.counters = counters;
    }

    boolean isEmpty() {
        return table.isEmpty();
    }

    /** Whether the buffer has reached its memory budget and must spill. */
    boolean full() {
        return memory >= limit;
    }

    /** Adds a pair; {@code partitionOf} is asked once per distinct key. */
    void add(String key, String value, ToIntFunction<String> partitionOf) {
        Entry e = table.get(key);
        if (e == null) {
            e = new Entry(key, partitionOf.applyAsInt(key));
            table.put(key, e);
            memory += 112 + 2L * key.length(); // the entry, its map node and the key's characters
        }
        append(e, value);
        if (e.count >= COMBINE_EVERY) combine(e);
    }

    private void append(Entry e, String value) {
        if (e.count == e.values.length) {
            e.values = Arrays.copyOf(e.values, e.count * 2);
            memory += 4L * e.count;
        }
        e.values[e.count++] = value;
        memory += 48 + 2L * value.length();
    }

    /** Replaces an entry's pending values by what the combiner makes of them. */
    private void combine(Entry e) {
        int n = e.count;
        String[] in = Arrays.copyOf(e.values, n);
        for (int i = 0; i < n; i++) memory -= 48 + 2L * in[i].length();
        e.count = 0;
        combineIn += n;
        Emitter out = (k, v) -> {
            if (!e.key.equals(k)) {
                throw new IllegalStateException("combiner " + combiner.getClass().getName() + " emitted key '" + k
                        + "' for key '" + e.key + "'; a combiner must keep the key it is given");
            }
            if (v == null) throw new NullPointerException("combiner emitted a null value");
            append(e, v);
            combineOut++;
        };
        try {
            combiner.combine(e.key, values(in, n), out);
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new TaskFailure("combiner failed on key '" + e.key + "': " + TaskFailure.describe(ex), ex);
        }
    }

    private static Iterable<String> values(String[] values, int n) {
        return () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public String next() {
                if (i >= n) throw new NoSuchElementException();
                return values[i++];
            }
        };
    }

    /** Writes every key, combined, sorted by partition then key (String order), as one run. */
    void writeTo(RunWriter writer, int partitions) throws IOException {
        List<Entry> entries = new ArrayList<>(table.values());
        entries.sort((a, b) -> a.partition != b.partition ? Integer.compare(a.partition, b.partition) : a.key.compareTo(b.key));
        byte[] key = new byte[256];
        byte[] value = new byte[256];
        for (Entry e : entries) {
            if (e.count > 1) combine(e);
            writer.startPartition(e.partition);
            if (key.length < Utf8.maxLength(e.key)) key = new byte[Utf8.maxLength(e.key) * 2];
            int keyLen = Utf8.encode(e.key, key, 0);
            for (int i = 0; i < e.count; i++) {
                String v = e.values[i];
                if (value.length < Utf8.maxLength(v)) value = new byte[Utf8.maxLength(v) * 2];
                int valueLen = Utf8.encode(v, value, 0);
                writer.write(key, 0, keyLen, value, 0, valueLen);
            }
        }
        if (partitions > 0) writer.startPartition(partitions - 1);
        counters.add(Counters.COMBINE_INPUT_RECORDS, combineIn);
        counters.add(Counters.COMBINE_OUTPUT_RECORDS, combineOut);
        combineIn = 0;
        combineOut = 0;
    }

    void clear() {
        table.clear();
        memory = 0;
    }
}
