package io.gristmill.engine.task;

import io.gristmill.api.Combiner;
import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.engine.shuffle.RunWriter;
import io.gristmill.engine.shuffle.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.ToIntFunction;

/**
 * The map side's buffer when the job has a combiner: a hash table from key to its pending values,
 * combined as they pile up. Word count then keeps one count per distinct word instead of sorting
 * millions of (word, 1) pairs; only the distinct keys are sorted when the buffer spills. A combiner
 * may run on any subset of a key's values, any number of times, so combining early changes nothing
 * in the result.
 *
 * <p>Pending values are kept as runs: a value equal to the one before it only counts a repeat. A
 * mapper that emits the same value again and again (word count's "1") thus costs one counter
 * increment per pair, and the combiner runs about once per key per spill instead of every few
 * values; it still sees every value, repeats included.
 */
final class CombiningBuffer {
    /** Runs of distinct values a key collects before the combiner shrinks them. */
    static final int COMBINE_EVERY = 16;
    /** A run this long is combined anyway, so that counts never overflow. */
    static final int MAX_RUN = 1 << 30;

    private final Combiner combiner;
    private final long limit;
    private final Counters counters;
    private final Table table = new Table();
    private final Values pending = new Values();
    private final Output output = new Output();
    private final List<String> outputs = new ArrayList<>();
    private long memory;
    private long combineIn;
    private long combineOut;

    /** A key, its partition and its values waiting to be combined, as runs of equal values. */
    private static final class Entry {
        final String key;
        final int hash;
        final int partition;
        /** The key's UTF-8 bytes, kept once known: the fast paths compare them, spills write them. */
        byte[] keyBytes;
        /** The latest run, inline: the common case touches nothing else. */
        String run;

        int runLength;
        /** Earlier runs, oldest first; allocated when a key sees a second distinct value. */
        String[] older;

        int[] olderLengths;
        int olderRuns;

        Entry(String key, int hash, int partition) {
            this.key = key;
            this.hash = hash;
            this.partition = partition;
        }

        boolean hasValues() {
            return run != null;
        }
    }

    /**
     * An open-addressing table from key to entry. Not a HashMap because this lookup is the map
     * side's hot path: keeping each key's hash beside its slot skips most key comparisons, and the
     * key is always a String, so its hashCode and equals are direct calls.
     */
    private static final class Table {
        private int[] hashes = new int[1 << 12];
        private Entry[] slots = new Entry[1 << 12];
        private int size;

        Entry get(String key, int hash) {
            int mask = slots.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                Entry e = slots[i];
                if (e == null) return null;
                if (hashes[i] == hash && e.key.equals(key)) return e;
            }
        }

        Entry get(byte[] key, int offset, int length, int hash) {
            int mask = slots.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                Entry e = slots[i];
                if (e == null) return null;
                if (hashes[i] == hash && sameBytes(keyBytes(e), key, offset, length)) return e;
            }
        }

        /** A plain loop: keys are short, and equal hashes almost always mean equal keys. */
        private static boolean sameBytes(byte[] k, byte[] key, int offset, int length) {
            if (k.length != length) return false;
            for (int j = 0; j < length; j++) {
                if (k[j] != key[offset + j]) return false;
            }
            return true;
        }

        void add(Entry e) {
            if (2 * (size + 1) > slots.length) grow();
            place(e);
            size++;
        }

        private void place(Entry e) {
            int mask = slots.length - 1;
            int i = e.hash & mask;
            while (slots[i] != null) i = (i + 1) & mask;
            slots[i] = e;
            hashes[i] = e.hash;
        }

        private void grow() {
            Entry[] old = slots;
            slots = new Entry[old.length * 2];
            hashes = new int[old.length * 2];
            for (Entry e : old) if (e != null) place(e);
        }

        boolean isEmpty() {
            return size == 0;
        }

        List<Entry> entries() {
            List<Entry> all = new ArrayList<>(size);
            for (Entry e : slots) if (e != null) all.add(e);
            return all;
        }

        void clear() {
            Arrays.fill(slots, null);
            size = 0;
        }
    }

    /** An entry's key as UTF-8 bytes, encoded once on first need. */
    private static byte[] keyBytes(Entry e) {
        if (e.keyBytes == null) {
            byte[] b = new byte[Utf8.maxLength(e.key)];
            e.keyBytes = Arrays.copyOf(b, Utf8.encode(e.key, b, 0)); // as spills encode it
        }
        return e.keyBytes;
    }

    /** String's hash, mixed so that similar keys do not cluster under linear probing. */
    private static int hash(String key) {
        return mix(key.hashCode());
    }

    private static int mix(int stringHash) {
        int h = stringHash * 0x9E3779B9;
        return h ^ (h >>> 16);
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
        int hash = hash(key);
        Entry e = table.get(key, hash);
        if (e == null) {
            e = new Entry(key, hash, partitionOf.applyAsInt(key));
            table.add(e);
            memory += 104 + 2L * key.length(); // the entry, its two slots (at half load) and the key's characters
        }
        addValue(e, value);
    }

    /**
     * Adds a pair whose key is UTF-8 bytes with its String's hash: a String is made only for a key
     * not in the buffer yet, so a word seen a thousand times costs one String per spill.
     */
    void add(byte[] key, int offset, int length, int stringHash, String value, ToIntFunction<String> partitionOf) {
        int hash = mix(stringHash);
        Entry e = table.get(key, offset, length, hash);
        if (e == null) {
            String k = new String(key, offset, length, StandardCharsets.UTF_8);
            e = new Entry(k, hash, partitionOf.applyAsInt(k));
            e.keyBytes = Arrays.copyOfRange(key, offset, offset + length);
            table.add(e);
            memory += 104 + 2L * k.length(); // as above, so that both paths spill at the same pairs
        }
        addValue(e, value);
    }

    private void addValue(Entry e, String value) {
        String run = e.run;
        if (run != null && (run == value || run.equals(value))) {
            if (++e.runLength == MAX_RUN) combine(e);
            return;
        }
        append(e, value);
        if (e.olderRuns >= COMBINE_EVERY) combine(e);
    }

    /** Starts a new run with {@code value}, moving the current one to the entry's older runs. */
    private void append(Entry e, String value) {
        if (e.run != null) {
            if (e.older == null) {
                e.older = new String[4];
                e.olderLengths = new int[4];
                memory += 64;
            } else if (e.olderRuns == e.older.length) {
                e.older = Arrays.copyOf(e.older, e.olderRuns * 2);
                e.olderLengths = Arrays.copyOf(e.olderLengths, e.olderRuns * 2);
                memory += 8L * e.olderRuns;
            }
            e.older[e.olderRuns] = e.run;
            e.olderLengths[e.olderRuns++] = e.runLength;
        }
        e.run = value;
        e.runLength = 1;
        memory += 48 + 2L * value.length();
    }

    /** Replaces an entry's pending values by what the combiner makes of them. */
    private void combine(Entry e) {
        long n = e.runLength;
        memory -= 48 + 2L * e.run.length();
        for (int i = 0; i < e.olderRuns; i++) {
            memory -= 48 + 2L * e.older[i].length();
            n += e.olderLengths[i];
        }
        combineIn += n;
        pending.reset(e);
        output.entry = e;
        outputs.clear();
        try {
            combiner.combine(e.key, pending, output);
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new TaskFailure("combiner failed on key '" + e.key + "': " + TaskFailure.describe(ex), ex);
        }
        // The outputs were collected aside, since the combiner reads the entry's values as it emits.
        e.run = null;
        e.runLength = 0;
        e.olderRuns = 0;
        for (String v : outputs) {
            if (e.run != null && e.run.equals(v)) e.runLength++;
            else append(e, v);
        }
        combineOut += outputs.size();
    }

    /** The combiner's emitter, reused: it checks the key and collects the values. */
    private final class Output implements Emitter {
        Entry entry;

        @Override
        public Counter counter(String name) {
            return counters.user(name);
        }

        @Override
        public void emit(String k, String v) {
            if (!entry.key.equals(k)) {
                throw new IllegalStateException(
                        "combiner " + combiner.getClass().getName() + " emitted key '" + k + "' for key '" + entry.key
                                + "'; a combiner must keep the key it is given");
            }
            if (v == null) throw new NullPointerException("combiner emitted a null value");
            outputs.add(v);
        }
    }

    /** A key's pending values, runs expanded, as the combiner's Iterable; reused from call to call. */
    private static final class Values implements Iterable<String>, Iterator<String> {
        private Entry e;
        private int run; // index into the older runs; olderRuns for the latest
        private int left; // repeats left of the current run

        void reset(Entry e) {
            this.e = e;
            iterator();
        }

        @Override
        public Iterator<String> iterator() {
            run = 0;
            left = e.olderRuns > 0 ? e.olderLengths[0] : e.runLength;
            return this;
        }

        @Override
        public boolean hasNext() {
            while (left == 0) {
                if (run >= e.olderRuns) return false;
                run++;
                left = run < e.olderRuns ? e.olderLengths[run] : e.runLength;
            }
            return true;
        }

        @Override
        public String next() {
            if (!hasNext()) throw new NoSuchElementException();
            left--;
            return run < e.olderRuns ? e.older[run] : e.run;
        }
    }

    /** Writes every key, combined, sorted by partition then key (String order), as one run. */
    void writeTo(RunWriter writer, int partitions) throws IOException {
        List<Entry> entries = table.entries();
        entries.sort((a, b) ->
                a.partition != b.partition ? Integer.compare(a.partition, b.partition) : a.key.compareTo(b.key));
        byte[] key = new byte[256];
        byte[] value = new byte[256];
        for (Entry e : entries) {
            if (e.olderRuns > 0 || e.runLength > 1) combine(e);
            if (!e.hasValues()) continue; // the combiner dropped the key
            writer.startPartition(e.partition);
            // The key's bytes when a fast path already has them; else encoded into scratch space.
            byte[] keyOut = e.keyBytes;
            int keyLen;
            if (keyOut != null) {
                keyLen = keyOut.length;
            } else {
                if (key.length < Utf8.maxLength(e.key)) key = new byte[Utf8.maxLength(e.key) * 2];
                keyLen = Utf8.encode(e.key, key, 0);
                keyOut = key;
            }
            pending.reset(e);
            for (String v : pending) {
                if (value.length < Utf8.maxLength(v)) value = new byte[Utf8.maxLength(v) * 2];
                int valueLen = Utf8.encode(v, value, 0);
                writer.write(keyOut, 0, keyLen, value, 0, valueLen);
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
