package io.gristmill.engine.task;

import io.gristmill.api.Combiner;
import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.api.Partitioner;
import io.gristmill.engine.fast.KeyBytesEmitter;
import io.gristmill.engine.shuffle.KeyGroups;
import io.gristmill.engine.shuffle.Merger;
import io.gristmill.engine.shuffle.RecordStream;
import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.engine.shuffle.RunWriter;
import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.shuffle.ShuffleIOException;
import io.gristmill.engine.shuffle.SortBuffer;
import io.gristmill.engine.shuffle.Utf8;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a map task's output: partitions each pair, buffers it, and when the buffer fills sorts
 * it and spills it to disk as a run, combining each key's values on the way out. At the end the
 * spills are merged, partition by partition and combined again, into the task's one output run.
 */
final class MapOutputCollector implements Emitter, KeyBytesEmitter {
    /** The footer's note: who committed a run is the store's business (object metadata), not the format's. */
    private static final String NO_META = "{}";

    private final int reducers;
    private final Partitioner partitioner;
    private final Combiner combiner;
    private final TaskSettings settings;
    private final Counters counters;
    private final SortBuffer buffer; // without a combiner: sort every pair
    private final CombiningBuffer combining; // with one: combine pairs by key as they come
    private final java.util.function.ToIntFunction<String> partitionOf = this::partitionOf;
    private final List<Path> spills = new ArrayList<>();
    private byte[] scratch = new byte[256];
    private long outputRecords;

    MapOutputCollector(
            int reducers, Partitioner partitioner, Combiner combiner, TaskSettings settings, Counters counters) {
        this.reducers = reducers;
        this.partitioner = partitioner;
        this.combiner = combiner;
        this.settings = settings;
        this.counters = counters;
        this.buffer = combiner == null ? new SortBuffer(reducers, settings.sortBufferBytes()) : null;
        this.combining = combiner == null ? null : new CombiningBuffer(combiner, settings.sortBufferBytes(), counters);
    }

    @Override
    public Counter counter(String name) {
        return counters.user(name);
    }

    @Override
    public void emit(String key, String value) {
        if (key == null || value == null) {
            throw new NullPointerException("map function emitted a null " + (key == null ? "key" : "value"));
        }
        outputRecords++;
        try {
            if (combining != null) {
                combining.add(key, value, partitionOf);
                if (combining.full()) spill();
                return;
            }
            int p = partitionOf(key);
            if (!buffer.add(p, key, value)) {
                spill();
                buffer.add(p, key, value);
            }
        } catch (IOException e) {
            throw new ShuffleIOException(e);
        }
    }

    /** A fast path's pair: its key stays bytes in the combining buffer, unless the key is new there. */
    @Override
    public void emit(byte[] key, int offset, int length, int stringHash, String value) {
        if (combining == null) {
            emit(new String(key, offset, length, StandardCharsets.UTF_8), value);
            return;
        }
        outputRecords++;
        try {
            combining.add(key, offset, length, stringHash, value, partitionOf);
            if (combining.full()) spill();
        } catch (IOException e) {
            throw new ShuffleIOException(e);
        }
    }

    private int partitionOf(String key) {
        int p = partitioner.partition(key, reducers);
        if (p < 0 || p >= reducers) {
            throw new IllegalStateException(
                    "partitioner " + partitioner.getClass().getName() + " returned " + p + " for key '" + key
                            + "' with " + reducers + " reducers; it must return 0 to " + (reducers - 1));
        }
        return p;
    }

    private boolean bufferEmpty() {
        return combining != null ? combining.isEmpty() : buffer.isEmpty();
    }

    private void spill() throws IOException {
        Path file = Files.createTempFile(settings.tmpDir(), "spill-", ".run");
        spills.add(file);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeBuffer(out, false);
        }
        counters.add(Counters.MAP_SPILLS, 1);
    }

    /** Sorts and writes the buffer as a run: a spill, or the task's output when {@code last}. */
    private long[] writeBuffer(OutputStream out, boolean last) throws IOException {
        RunWriter writer = new RunWriter(out, reducers);
        if (combining != null) {
            combining.writeTo(writer, reducers);
            combining.clear();
        } else {
            buffer.sort();
            for (int p = 0; p < reducers; p++) {
                writer.startPartition(p);
                write(buffer.partition(p), writer);
            }
            buffer.clear();
        }
        if (last) counters.add(Counters.MAP_OUTPUT_BYTES, writer.dataBytes());
        return writer.finish(NO_META);
    }

    /** Writes a sorted stream, through the combiner when there is one. */
    private void write(RecordStream sorted, RunWriter writer) throws IOException {
        if (combiner == null) {
            while (sorted.next()) writer.write(sorted);
            return;
        }
        KeyGroups groups = new KeyGroups(sorted);
        long before = groups.records();
        while (groups.nextKey()) {
            String key = groups.keyString();
            Emitter out = new Emitter() {
                @Override
                public void emit(String k, String v) {
                    if (!key.equals(k)) {
                        throw new IllegalStateException(
                                "combiner " + combiner.getClass().getName() + " emitted key '" + k + "' for key '" + key
                                        + "'; a combiner must keep the key it is given");
                    }
                    if (v == null) throw new NullPointerException("combiner emitted a null value");
                    try {
                        if (scratch.length < Utf8.maxLength(v)) scratch = new byte[Utf8.maxLength(v) * 2];
                        int len = Utf8.encode(v, scratch, 0);
                        writer.write(groups.key(), 0, groups.keyLength(), scratch, 0, len);
                        counters.add(Counters.COMBINE_OUTPUT_RECORDS, 1);
                    } catch (IOException e) {
                        throw new ShuffleIOException(e);
                    }
                }

                @Override
                public Counter counter(String name) {
                    return counters.user(name);
                }
            };
            try {
                combiner.combine(key, groups.values(), out);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new TaskFailure("combiner failed on key '" + key + "': " + TaskFailure.describe(e), e);
            }
        }
        counters.add(Counters.COMBINE_INPUT_RECORDS, groups.records() - before);
    }

    /**
     * Writes the task's output run to {@code output}; returns the partition lengths.
     */
    long[] finish(Path output) throws IOException {
        counters.add(Counters.MAP_OUTPUT_RECORDS, outputRecords);
        try {
            if (spills.isEmpty()) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
                    return writeBuffer(out, true);
                }
            }
            if (!bufferEmpty()) spill();
            List<RunIndex> indexes = new ArrayList<>();
            for (Path s : spills) indexes.add(RunIndex.read(s));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
                RunWriter writer = new RunWriter(out, reducers);
                for (int p = 0; p < reducers; p++) {
                    List<Segment> segments = new ArrayList<>();
                    for (int i = 0; i < spills.size(); i++) {
                        RunIndex idx = indexes.get(i);
                        if (idx.length(p) > 0)
                            segments.add(Segment.ofFile(spills.get(i), idx.offset(p), idx.length(p)));
                    }
                    writer.startPartition(p);
                    if (segments.isEmpty()) continue;
                    try (RecordStream merged =
                            Merger.open(segments, settings.mergeFanIn(), settings.ioBufferBytes(), settings.tmpDir())) {
                        write(merged, writer);
                    }
                }
                counters.add(Counters.MAP_OUTPUT_BYTES, writer.dataBytes());
                return writer.finish(NO_META);
            }
        } finally {
            for (Path s : spills) Files.deleteIfExists(s);
        }
    }
}
