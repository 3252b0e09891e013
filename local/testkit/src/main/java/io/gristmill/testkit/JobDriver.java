package io.gristmill.testkit;

import io.gristmill.api.Combiner;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.Partitioner;
import io.gristmill.api.Reducer;
import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.input.RecordSource;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.shuffle.RecordCursor;
import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.task.Counters;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.MapTask;
import io.gristmill.engine.task.ReduceTask;
import io.gristmill.engine.task.TaskSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a job's Mapper, Combiner, Partitioner and Reducer in memory, with Gristmill's own map and reduce
 * tasks, as MRUnit did for Hadoop: feed it records, get the sorted, partitioned map output and the
 * reduce output part by part, in milliseconds, with no cloud. Each input is one map task (one split), and
 * each task gets new instances of your classes, as on Lambda.
 *
 * <pre>{@code
 * JobDriver.Result r = JobDriver.of(LineLengths.class, Count.class)
 *         .combiner(Count.class)
 *         .param("bucket", "10")
 *         .reducers(2)
 *         .input("a.txt", "short", "a somewhat longer line", "")
 *         .run();
 * assertEquals(List.of("000000\t2", "000020\t1"), r.lines());
 * }</pre>
 */
public final class JobDriver {
    private final Class<? extends Mapper> mapper;
    private final Class<? extends Reducer> reducer;
    private Class<?> combiner;
    private Class<? extends Partitioner> partitioner;
    private int reducers = 1;
    private boolean skipBadRecords;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<Input> inputs = new ArrayList<>();

    private record Input(String source, List<String> lines) {}

    /** One key and value: {@code key<TAB>value} in toString, as in the output files. */
    public record KeyValue(String key, String value) {
        @Override
        public String toString() {
            return value.isEmpty() ? key : key + "\t" + value;
        }
    }

    /**
     * The map side's output: per partition, the records in the order the reducers receive them (sorted by
     * key, combined when a combiner is set).
     */
    public record MapOutput(List<List<KeyValue>> partitions, Map<String, Long> counters) {
        public List<KeyValue> partition(int p) {
            return partitions.get(p);
        }

        /** Every partition's records, partition after partition. */
        public List<KeyValue> all() {
            List<KeyValue> out = new ArrayList<>();
            partitions.forEach(out::addAll);
            return out;
        }
    }

    /**
     * A whole run: each reduce task's output lines ({@code part-r-NNNNN}), the map output, and the counters
     * summed over every task (Gristmill's own, and yours under {@code user.}).
     */
    public record Result(List<List<String>> parts, MapOutput map, Map<String, Long> counters, List<String> skipped) {
        /** Every part's lines, part after part: what the output files hold, concatenated in order. */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            parts.forEach(out::addAll);
            return out;
        }

        /** A counter's total: {@code counter("user.empty-lines")}, or a built-in one; 0 when never counted. */
        public long counter(String name) {
            return counters.getOrDefault(name, 0L);
        }
    }

    private JobDriver(Class<? extends Mapper> mapper, Class<? extends Reducer> reducer) {
        this.mapper = mapper;
        this.reducer = reducer;
    }

    public static JobDriver of(Class<? extends Mapper> mapper, Class<? extends Reducer> reducer) {
        return new JobDriver(mapper, reducer);
    }

    /** A {@link Combiner}, or a {@link Reducer} that is associative and commutative. */
    public JobDriver combiner(Class<?> combiner) {
        if (!Combiner.class.isAssignableFrom(combiner) && !Reducer.class.isAssignableFrom(combiner)) {
            throw new IllegalArgumentException(combiner.getName() + " is neither a Combiner nor a Reducer");
        }
        this.combiner = combiner;
        return this;
    }

    public JobDriver partitioner(Class<? extends Partitioner> partitioner) {
        this.partitioner = partitioner;
        return this;
    }

    /** R: reduce tasks, i.e. parts (default 1). */
    public JobDriver reducers(int reducers) {
        if (reducers < 1) throw new IllegalArgumentException("reducers must be at least 1");
        this.reducers = reducers;
        return this;
    }

    /** A job parameter, as {@code --param key=value}. */
    public JobDriver param(String key, String value) {
        params.put(key, value);
        return this;
    }

    public JobDriver skipBadRecords(boolean skip) {
        this.skipBadRecords = skip;
        return this;
    }

    /** One map task's input: its records' {@code source()} is {@code source}, and each line is one record. */
    public JobDriver input(String source, String... lines) {
        return input(source, List.of(lines));
    }

    public JobDriver input(String source, List<String> lines) {
        inputs.add(new Input(source, List.copyOf(lines)));
        return this;
    }

    /** A local file as one map task's input, its lines split as Gristmill splits them ({@code \n}, {@code \r\n}). */
    public JobDriver input(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
            lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
            return input(file.getFileName().toString(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the map tasks only. */
    public MapOutput runMap() {
        return execute(false).map();
    }

    /** Runs the map tasks, the shuffle and the reduce tasks. */
    public Result run() {
        return execute(true);
    }

    /**
     * Runs the job with and without its combiner and fails, saying where, if the output differs: a combiner
     * may run zero or more times on any subset of a key's values, so it must not change the result.
     */
    public Result verifyCombiner() {
        if (combiner == null) throw new IllegalStateException("no combiner to verify: set one with combiner(...)");
        Result with = run();
        Class<?> saved = combiner;
        combiner = null;
        Result without;
        try {
            without = run();
        } finally {
            combiner = saved;
        }
        if (!with.parts().equals(without.parts())) {
            throw new AssertionError("the combiner " + saved.getName() + " changes the output: with it "
                    + firstDifference(with.lines(), without.lines()));
        }
        return with;
    }

    private static String firstDifference(List<String> with, List<String> without) {
        for (int i = 0; i < Math.max(with.size(), without.size()); i++) {
            String a = i < with.size() ? with.get(i) : "(nothing)";
            String b = i < without.size() ? without.get(i) : "(nothing)";
            if (!a.equals(b)) return "line " + (i + 1) + " is '" + a + "', without it '" + b + "'";
        }
        return "the lines are the same but the parts differ";
    }

    private JobSpec spec() {
        Manifest.Builder m = Manifest.builder()
                .mapper(mapper.getName())
                .reducer(reducer.getName())
                .combiner(combiner == null ? null : combiner.getName())
                .partitioner(partitioner == null ? null : partitioner.getName())
                .reducers(reducers)
                .params(params)
                .skipBadRecords(skipBadRecords)
                .input(List.of("testkit/input/"));
        try {
            return m.build().toSpec("testkit", "testkit", reducers, 64L << 20);
        } catch (JobSpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private Result execute(boolean reduce) {
        if (inputs.isEmpty()) throw new IllegalStateException("no input: add records with input(source, lines...)");
        JobSpec spec = spec();
        ClassLoader loader = mapper.getClassLoader();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        Path tmp = null;
        try {
            JobFunctions functions = JobFunctions.load(spec, loader);
            functions.check(); // what the coordinator checks before any task runs
            tmp = Files.createTempDirectory("gristmill-testkit-");
            TaskSettings settings = TaskSettings.defaults(tmp);
            Map<String, Long> counters = new TreeMap<>();
            List<String> skipped = new ArrayList<>();
            List<Path> runs = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                Path run = tmp.resolve("m-" + i);
                MapTask.Result r = new MapTask(spec, String.format("m-%05d", i), functions, settings)
                        .run(new Lines(inputs.get(i)), run);
                Counters.addTo(counters, r.counters());
                skipped.addAll(r.skipped());
                runs.add(run);
            }
            List<List<KeyValue>> partitions = new ArrayList<>();
            List<List<Segment>> segments = new ArrayList<>();
            for (int p = 0; p < reducers; p++) {
                segments.add(new ArrayList<>());
                partitions.add(new ArrayList<>());
            }
            for (Path run : runs) {
                RunIndex index = RunIndex.read(run);
                for (int p = 0; p < reducers; p++) {
                    if (index.length(p) == 0) continue;
                    Segment s = Segment.ofFile(run, index.offset(p), index.length(p));
                    segments.get(p).add(s);
                    partitions.get(p).addAll(records(s));
                }
            }
            // Within a partition the reducer sees keys in order across all map tasks.
            for (List<KeyValue> partition : partitions) partition.sort(KEYS);
            MapOutput map = new MapOutput(partitions.stream().map(List::copyOf).toList(), Map.copyOf(counters));
            List<List<String>> parts = new ArrayList<>();
            if (reduce) {
                for (int p = 0; p < reducers; p++) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ReduceTask.Result r = new ReduceTask(spec, String.format("r-%05d", p), functions, settings)
                            .run(segments.get(p), out);
                    Counters.addTo(counters, r.counters());
                    skipped.addAll(r.skipped());
                    parts.add(lines(out));
                }
            }
            return new Result(List.copyOf(parts), map, Map.copyOf(counters), List.copyOf(skipped));
        } catch (JobSpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            t.setContextClassLoader(previous);
            if (tmp != null) FileTree.delete(tmp);
        }
    }

    /** Key order as Gristmill sorts (UTF-8 bytes: Java String order); a stable sort keeps each run's order. */
    static final java.util.Comparator<KeyValue> KEYS = (a, b) -> {
        byte[] x = a.key().getBytes(StandardCharsets.UTF_8);
        byte[] y = b.key().getBytes(StandardCharsets.UTF_8);
        return io.gristmill.engine.shuffle.KeyOrder.compare(x, 0, x.length, y, 0, y.length);
    };

    static List<KeyValue> records(Segment segment) throws IOException {
        List<KeyValue> out = new ArrayList<>();
        try (RecordCursor c = RecordCursor.open(segment, 8192)) {
            while (c.next()) {
                out.add(new KeyValue(
                        new String(c.key(), c.keyOffset(), c.keyLength(), StandardCharsets.UTF_8),
                        new String(c.value(), c.valueOffset(), c.valueLength(), StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    static List<String> lines(ByteArrayOutputStream out) {
        String text = out.toString(StandardCharsets.UTF_8);
        if (text.isEmpty()) return List.of();
        return List.of(
                text.substring(0, text.length() - (text.endsWith("\n") ? 1 : 0)).split("\n", -1));
    }

    /** One input's lines as a map task's records, with the byte offsets a file of those lines would have. */
    private static final class Lines implements RecordSource {
        private final Input input;
        private int next;
        private long offset;

        Lines(Input input) {
            this.input = input;
        }

        @Override
        public InputRecord next() {
            if (next >= input.lines().size()) return null;
            String line = input.lines().get(next++);
            InputRecord r = new InputRecord(input.source(), offset, line);
            offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
            return r;
        }

        @Override
        public long bytesRead() {
            return offset;
        }

        @Override
        public void close() {}
    }
}
