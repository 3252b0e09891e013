package io.gristmill.sim;

import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.input.RangeReader;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.input.SplitPlanner;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Partitioning;
import io.gristmill.engine.shuffle.MergeStream;
import io.gristmill.engine.shuffle.RecordCursor;
import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.engine.shuffle.RunWriter;
import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.MapTask;
import io.gristmill.engine.task.ReduceTask;
import io.gristmill.engine.task.TaskSettings;
import io.gristmill.protocol.Sampler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures an app's per-byte costs by running the engine's own MapTask and ReduceTask, and a merge
 * task's k-way merge, on this machine, one thread each (as a 1,769 MB Lambda has one vCPU). Each
 * measurement is the CPU time of the measuring thread (the engine's tasks run on one thread; CPU time,
 * unlike wall time, does not count the other work of a shared machine), the least of three runs after
 * a warm-up. {@code grist simulate --calibrate} prints the figures that {@link AppModel} holds;
 * run it with Lambda's JVM flags (C1 only, the serial collector, a 1.5 GB heap), as grist does.
 *
 * <p>Sort: gensort-style 100-byte records, a 64 MB split, range-partitioned into 4,000 partitions as
 * the paper's sort is. Wordcount: the text under {@code textDir} (the Gutenberg books), or generated
 * text; its map output shrinks with the split's size (the combiner), so it is measured on growing
 * prefixes and fitted as {@code a * n^b}.
 */
public final class Calibration {
    private final PrintStream out;
    private final Path tmp;

    private Calibration(PrintStream out, Path tmp) {
        this.out = out;
        this.tmp = tmp;
    }

    public static void run(PrintStream out, Path textDir) throws Exception {
        Path tmp = Files.createTempDirectory("gristmill-calibrate-");
        try {
            Calibration c = new Calibration(out, tmp);
            c.sort();
            c.wordcount(textDir);
        } finally {
            FileTree.delete(tmp);
        }
    }

    private record Bytes(byte[] data) implements RangeReader {
        @Override
        public InputStream open(String key, long start, long end) {
            int from = (int) Math.min(start, data.length);
            int to = (int) Math.min(end, data.length);
            return new ByteArrayInputStream(data, from, to - from);
        }
    }

    /** The least CPU time of three runs, after one to warm up, in nanoseconds. */
    private static long time(Step step) throws Exception {
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        step.run();
        long[] t = new long[3];
        for (int i = 0; i < t.length; i++) {
            long start = cpu.getCurrentThreadCpuTime();
            step.run();
            t[i] = cpu.getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(t);
        return t[0];
    }

    private interface Step {
        void run() throws Exception;
    }

    private JobSpec spec(String app, int reducers, long splitSize) throws Exception {
        return Manifest.builder()
                .app(app)
                .input(List.of("in/"))
                .output("out/")
                .reducers(reducers)
                .splitSize(splitSize)
                .build()
                .toSpec("calibrate", "calibrate", reducers, splitSize);
    }

    /** Runs a map task over {@code data}; returns its run file. */
    private Path map(JobSpec spec, byte[] data, String name) throws Exception {
        Split split = new Split(0, "in/" + name, name, 0, data.length, data.length, false);
        Path dir = Files.createDirectories(tmp.resolve("map-" + name));
        Path run = dir.resolve("run");
        try (SplitLineReader reader = new SplitLineReader(new Bytes(data), split, 4096)) {
            new MapTask(spec, "m-00000", JobFunctions.load(spec), TaskSettings.defaults(dir)).run(reader, run);
        }
        return run;
    }

    private void sort() throws Exception {
        int reducers = 4000;
        long size = 64L << 20;
        InputContent content = new InputContent.SortRecords(1);
        byte[] data = content.read(0, size);
        JobSpec spec = spec("sort", reducers, size);
        List<Split> splits = SplitPlanner.plan(List.of(new InputObject("in/sort", "sort", size)), size);
        Sampler.Sample sample = Sampler.sample(new Bytes(data), spec, JobFunctions.load(spec), splits);
        JobSpec ranged = spec.withPartitioning(new Partitioning.Range(Sampler.splitPoints(sample, reducers)));
        long mapNanos = time(() -> map(ranged, data, "sort"));
        Path run = map(ranged, data, "sort");
        long output = Files.size(run);
        // A reducer's input: one partition of thousands of runs. Here: 256 sorted segments of one run.
        JobSpec one = spec("sort", 1, size);
        Path whole = map(one, data, "sort-1");
        long reduceNanos = time(() -> reduce(one, whole, 256));
        long mergeNanos = time(() -> merge(whole, 64));
        long wholeBytes = RunIndex.read(whole).length(0);
        report(
                "sort",
                mapNanos / (double) size,
                (double) output / size,
                1.0,
                mergeNanos / (double) wholeBytes,
                reduceNanos / (double) wholeBytes,
                0.99,
                1.0);
    }

    /** Reduces {@code pieces} sorted segments cut from a run's single partition. */
    private void reduce(JobSpec spec, Path run, int pieces) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("reduce"));
        new ReduceTask(spec, "r-00000", JobFunctions.load(spec), TaskSettings.defaults(dir))
                .run(segments(run, pieces), OutputStream.nullOutputStream());
    }

    /** A merge task's work: a k-way merge of {@code pieces} segments into a run. */
    private void merge(Path run, int pieces) throws Exception {
        List<RecordCursor> cursors = new ArrayList<>();
        for (Segment s : segments(run, pieces)) cursors.add(RecordCursor.open(s, 16 << 10));
        RunWriter writer = new RunWriter(OutputStream.nullOutputStream(), 1);
        writer.startPartition(0);
        try (MergeStream merged = new MergeStream(cursors)) {
            while (merged.next()) writer.write(merged);
        }
        writer.finish("{}");
    }

    /** A run's partition 0 cut at record boundaries into {@code pieces} segments, each sorted. */
    private static List<Segment> segments(Path run, int pieces) throws IOException {
        RunIndex index = RunIndex.read(run);
        long length = index.length(0);
        byte[] bytes = new byte[(int) length];
        try (InputStream in = Files.newInputStream(run)) {
            in.readNBytes(bytes, 0, bytes.length);
        }
        List<Segment> out = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        int pos = 0;
        long target = length / pieces;
        starts.add(0);
        while (pos < length) {
            int at = pos;
            int k = readVarint(bytes, at);
            at += varintSize(bytes, at);
            int v = readVarint(bytes, at);
            at += varintSize(bytes, at);
            pos = at + k + v;
            if (pos - starts.get(starts.size() - 1) >= target && pos < length) starts.add(pos);
        }
        starts.add((int) length);
        for (int i = 0; i + 1 < starts.size(); i++) {
            out.add(Segment.ofBytes(bytes, starts.get(i), starts.get(i + 1) - starts.get(i)));
        }
        return out;
    }

    private static int readVarint(byte[] b, int at) {
        int v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[at++];
            v |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return v;
        }
    }

    private static int varintSize(byte[] b, int at) {
        int n = 1;
        while ((b[at++] & 0x80) != 0) n++;
        return n;
    }

    private void wordcount(Path textDir) throws Exception {
        byte[] text = text(textDir);
        JobSpec spec = spec("wordcount", 1, text.length);
        long mapNanos = time(() -> map(spec, text, "text"));
        // Map output at growing split sizes: a * n^b.
        double[] n = new double[4];
        double[] o = new double[4];
        for (int i = 0; i < 4; i++) {
            int len = text.length >> (3 - i);
            byte[] part = Arrays.copyOf(text, len);
            n[i] = len;
            o[i] = Files.size(map(spec, part, "text-" + i));
        }
        double b = slope(n, o);
        double a = o[3] / Math.pow(n[3], b);
        Path run = map(spec, text, "text-all");
        long runBytes = RunIndex.read(run).length(0);
        long reduceNanos = time(() -> reduce(spec, run, 16));
        ByteArrayOutputStream reduced = new ByteArrayOutputStream();
        new ReduceTask(spec, "r-00000", JobFunctions.load(spec), TaskSettings.defaults(tmp))
                .run(segments(run, 16), reduced);
        long mergeNanos = time(() -> merge(run, 64));
        // The job's output grows like its map output's distinct keys: the same exponent.
        double reduceA = reduced.size() / Math.pow(runBytes, b);
        report(
                "wordcount",
                mapNanos / (double) text.length,
                a,
                b,
                mergeNanos / (double) runBytes,
                reduceNanos / (double) runBytes,
                reduceA,
                b);
    }

    /** The text to count: every file under the folder, or generated text when there is none. */
    private static byte[] text(Path dir) throws IOException {
        if (dir != null && Files.isDirectory(dir)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) all.write(Files.readAllBytes(f));
            }
            if (all.size() > 0) return all.toByteArray();
        }
        return new InputContent.Text(1).read(0, 8L << 20);
    }

    /** The least-squares slope of log(y) against log(x). */
    private static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += Math.log(x[i]) / x.length;
            my += Math.log(y[i]) / x.length;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (Math.log(x[i]) - mx) * (Math.log(y[i]) - my);
            den += (Math.log(x[i]) - mx) * (Math.log(x[i]) - mx);
        }
        return num / den;
    }

    private void report(
            String app,
            double mapNs,
            double mapA,
            double mapB,
            double mergeNs,
            double reduceNs,
            double reduceA,
            double reduceB) {
        out.println(String.format(
                Locale.ROOT,
                "%-10s map %.1f ns/B, map output %.4g * n^%.3f, merge %.1f ns/B, reduce %.1f ns/B,"
                        + " output %.4g * N^%.3f",
                app,
                mapNs,
                mapA,
                mapB,
                mergeNs,
                reduceNs,
                reduceA,
                reduceB));
        out.println(String.format(
                Locale.ROOT,
                "  new AppModel(\"%s\", %.1f, %.4g, %.3f, %.1f, %.1f, %.4g, %.3f, ...)",
                app,
                mapNs,
                mapA,
                mapB,
                mergeNs,
                reduceNs,
                reduceA,
                reduceB));
    }
}
