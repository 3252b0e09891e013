package io.gristmill.bench.map;

import io.gristmill.apps.Words;
import io.gristmill.bench.input.CorpusGenerator;
import io.gristmill.bench.input.InputCache;
import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.input.SplitPlanner;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.MapTask;
import io.gristmill.engine.task.TaskSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One map task's throughput on one core, with no cloud around it: the split is in memory, the
 * output run goes to a temporary folder. The same bytes through the plain Java word count (read
 * lines, split into words, count in a HashMap), measured in the same run, give the ratio. Usage:
 * {@code bench/map [--app wordcount|indexer|sort|grep] [--mb 64] [--runs 5]}.
 */
public final class MapThroughput {
    private MapThroughput() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) opts.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        String app = opts.getOrDefault("app", "wordcount");
        int mb = Integer.parseInt(opts.getOrDefault("mb", "64"));
        int runs = Integer.parseInt(opts.getOrDefault("runs", "5"));
        Path data = io.gristmill.local.Home.dir().resolve("bench").resolve("data");
        Path corpus = new InputCache(data).ensure(new CorpusGenerator("map", 128L << 20, 42), System.err::println);
        byte[] bytes = slice(corpus, (long) mb << 20);
        Path tmp = Files.createTempDirectory("gristmill-map-bench-");
        try {
            List<Long> task = new ArrayList<>();
            List<Long> plain = new ArrayList<>();
            for (int r = 0; r < runs + 1; r++) { // the first round warms both up and is not counted
                long t = mapTask(app, bytes, tmp);
                long p = plainWordCount(bytes);
                if (r > 0) {
                    task.add(t);
                    plain.add(p);
                }
            }
            double taskMbs = bytes.length / 1e6 / (median(task) / 1e9);
            double plainMbs = bytes.length / 1e6 / (median(plain) / 1e9);
            System.out.printf("map task %-10s %6.1f MB/s  (median of %d, %d MB in memory)%n", app, taskMbs, runs, mb);
            System.out.printf("plain Java word count %6.1f MB/s  (the same bytes, one thread)%n", plainMbs);
            System.out.printf("ratio %.2f x the plain program%n", taskMbs / plainMbs);
        } finally {
            FileTree.delete(tmp);
        }
    }

    private static byte[] slice(Path corpus, long size) throws IOException {
        byte[] out = new byte[(int) size];
        int filled = 0;
        try (var files = Files.list(corpus)) {
            for (Path f : files.sorted().toList()) {
                byte[] b = Files.readAllBytes(f);
                int n = Math.min(b.length, out.length - filled);
                System.arraycopy(b, 0, out, filled, n);
                filled += n;
                if (filled == out.length) break;
            }
        }
        int end = filled;
        while (end > 0 && out[end - 1] != '\n') end--; // whole lines only
        return java.util.Arrays.copyOf(out, end);
    }

    private static long mapTask(String app, byte[] bytes, Path tmp) throws Exception {
        Manifest.Builder m = Manifest.builder().app(app).input(List.of("in/")).reducers(4);
        if (app.equals("grep")) m.params(Map.of("pattern", "zz"));
        JobSpec spec = m.build().toSpec("bench-1", "bench", 4, 1L << 30);
        JobFunctions functions = JobFunctions.load(spec);
        Split split = SplitPlanner.plan(List.of(new InputObject("in/part", "part", bytes.length)), 1L << 30)
                .get(0);
        Path out = tmp.resolve("out.run");
        long start = System.nanoTime();
        try (SplitLineReader reader = new SplitLineReader(
                (key, from, to) -> new ByteArrayInputStream(bytes, (int) from, (int) (to - from)), split, 1 << 20)) {
            new MapTask(spec, "m-00000", functions, TaskSettings.defaults(tmp)).run(reader, out);
        }
        long took = System.nanoTime() - start;
        Files.deleteIfExists(out);
        return took;
    }

    private static long plainWordCount(byte[] bytes) {
        long start = System.nanoTime();
        Map<String, Long> counts = new HashMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        text.lines().forEach(line -> Words.forEach(line, w -> counts.merge(w, 1L, Long::sum)));
        if (counts.isEmpty()) throw new IllegalStateException("no words");
        return System.nanoTime() - start;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
