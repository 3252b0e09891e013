package io.gristmill.engine.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.apps.Words;
import io.gristmill.engine.input.FileRangeReader;
import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.input.SplitPlanner;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Partitioning;
import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.engine.shuffle.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine alone (no cloud): map tasks over splits of local files, then reduce tasks. */
class EnginePipelineTest {
    @TempDir
    Path dir;

    private static String corpus(Random r, int lines) {
        String[] words = {"the", "The", "thermal", "a", "river", "caf\u00e9", "na\u00efve", "\u4e2d\u6587", "x"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            int n = r.nextInt(12);
            for (int j = 0; j < n; j++)
                sb.append(words[r.nextInt(words.length)]).append(r.nextBoolean() ? " " : ", ");
            sb.append("\n");
        }
        return sb.toString();
    }

    /** Runs a whole job on local files and returns the concatenated parts, part by part. */
    private List<String> run(JobSpec spec, List<Path> files, long sortBuffer) throws Exception {
        JobFunctions functions = JobFunctions.load(spec);
        functions.check();
        List<InputObject> objects = new ArrayList<>();
        for (Path f : files)
            objects.add(
                    new InputObject(f.getFileName().toString(), f.getFileName().toString(), Files.size(f)));
        List<Split> splits = SplitPlanner.plan(objects, spec.splitSize());
        TaskSettings settings = new TaskSettings(dir, sortBuffer, 3, 64 << 10);
        List<Path> outputs = new ArrayList<>();
        for (Split s : splits) {
            Path out = dir.resolve("map-" + s.index());
            try (SplitLineReader reader = new SplitLineReader(new FileRangeReader(dir), s, 1024)) {
                new MapTask(spec, "m-" + s.index(), functions, settings).run(reader, out);
            }
            outputs.add(out);
        }
        List<String> parts = new ArrayList<>();
        for (int r = 0; r < spec.reducers(); r++) {
            List<Segment> segments = new ArrayList<>();
            for (Path out : outputs) {
                RunIndex idx = RunIndex.read(out);
                if (idx.length(r) > 0) segments.add(Segment.ofFile(out, idx.offset(r), idx.length(r)));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new ReduceTask(spec, "r-" + r, functions, settings).run(segments, bytes);
            parts.add(bytes.toString(StandardCharsets.UTF_8));
        }
        return parts;
    }

    private JobSpec spec(String app, int reducers, long splitSize, Map<String, String> params) throws JobSpecException {
        return Manifest.builder()
                .app(app)
                .input(List.of("in/"))
                .reducers(reducers)
                .splitSize(splitSize)
                .params(params)
                .build()
                .toSpec("job-1", "t", 1, 1 << 20);
    }

    /** A job of this test's own classes. */
    private static JobSpec classes(String mapper, String reducer, long splitSize, boolean skipBadRecords) {
        return JobSpec.builder()
                .id("j")
                .name("t")
                .mapper(mapper)
                .reducer(reducer)
                .input(List.of("in/"))
                .output("out/")
                .reducers(1)
                .splitSize(splitSize)
                .skipBadRecords(skipBadRecords)
                .build();
    }

    @Test
    void wordCountEqualsASequentialCountWithSpills() throws Exception {
        Random r = new Random(5);
        List<Path> files = new ArrayList<>();
        TreeMap<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            String text = corpus(r, 3000);
            Path f = dir.resolve("book" + i + ".txt");
            Files.writeString(f, text);
            files.add(f);
            for (String line : text.split("\n", -1)) Words.forEach(line, w -> expected.merge(w, 1L, Long::sum));
        }
        List<String> parts = run(spec("wordcount", 3, 7000, Map.of()), files, 64 << 10);
        TreeMap<String, Long> actual = new TreeMap<>();
        for (String part : parts) {
            String previous = null;
            for (String line : part.split("\n")) {
                if (line.isEmpty()) continue;
                String[] kv = line.split("\t");
                assertTrue(previous == null || previous.compareTo(kv[0]) < 0, "keys sorted and unique within a part");
                previous = kv[0];
                actual.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void theCombiningBufferSpillsAndMergesWhenKeysDoNotFit() throws Exception {
        Random r = new Random(17);
        StringBuilder sb = new StringBuilder();
        TreeMap<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder word = new StringBuilder();
            int len = 1 + r.nextInt(6);
            for (int j = 0; j < len; j++) word.append((char) ('a' + r.nextInt(26)));
            sb.append(word).append(i % 9 == 8 ? "\n" : " ");
            expected.merge(word.toString(), 1L, Long::sum);
        }
        Path f = dir.resolve("many-keys.txt");
        Files.writeString(f, sb.toString());
        JobSpec spec = spec("wordcount", 3, 1 << 20, Map.of());
        JobFunctions functions = JobFunctions.load(spec);
        Path out = dir.resolve("combined.run");
        Split split = SplitPlanner.plan(
                        List.of(new InputObject("many-keys.txt", "many-keys.txt", Files.size(f))), 1 << 20)
                .get(0);
        MapTask.Result result;
        try (SplitLineReader reader = new SplitLineReader(new FileRangeReader(dir), split, 1024)) {
            result = new MapTask(spec, "m-0", functions, new TaskSettings(dir, 16 << 10, 2, 64 << 10)).run(reader, out);
        }
        assertTrue(result.counters().get(Counters.MAP_SPILLS) > 5, "spilled: " + result.counters());
        TreeMap<String, Long> actual = new TreeMap<>();
        RunIndex idx = RunIndex.read(out);
        for (int p = 0; p < 3; p++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new ReduceTask(spec, "r-" + p, functions, TaskSettings.defaults(dir))
                    .run(List.of(Segment.ofFile(out, idx.offset(p), idx.length(p))), bytes);
            for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty()) continue;
                String[] kv = line.split("\t");
                actual.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void sortWithSampledSplitPointsConcatenatesToOneSortedFile() throws Exception {
        Random r = new Random(9);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5000; i++) lines.add(Long.toString(r.nextLong(1_000_000), 36) + (i % 7 == 0 ? " dup" : ""));
        lines.addAll(lines.subList(0, 500)); // duplicates are kept
        Path f = dir.resolve("data.txt");
        Files.writeString(f, String.join("\n", lines) + "\n");
        List<String> points = List.of("4", "9", "f", "n");
        JobSpec spec = spec("sort", 5, 9000, Map.of()).withPartitioning(new Partitioning.Range(points));
        List<String> parts = run(spec, List.of(f), 32 << 10);
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        assertEquals(String.join("\n", sorted) + "\n", String.join("", parts));
        assertTrue(parts.stream().allMatch(p -> !p.isEmpty()), "each range got keys");
    }

    @Test
    void aMapperThatThrowsNamesTheRecordOrIsSkipped() throws Exception {
        Path f = dir.resolve("in.txt");
        Files.writeString(f, "ok\nboom\nok\n");
        JobSpec failing = classes(Exploding.class.getName(), "io.gristmill.apps.IdentityReducer", 1 << 20, false);
        TaskFailure e = assertThrows(TaskFailure.class, () -> run(failing, List.of(f), 1 << 20));
        assertTrue(e.getMessage().contains("in.txt at byte 3"), e.getMessage());
        assertTrue(e.getMessage().contains("IllegalStateException: bad record"), e.getMessage());

        JobSpec skipping = classes(Exploding.class.getName(), "io.gristmill.apps.IdentityReducer", 1 << 20, true);
        assertEquals(List.of("ok\tin.txt\nok\tin.txt\n"), run(skipping, List.of(f), 1 << 20));
    }

    @Test
    void badClassesAndParametersAreRejectedBeforeAnyTask() throws Exception {
        JobSpec missing = classes("com.acme.Nope", "io.gristmill.apps.IdentityReducer", 1, false);
        assertTrue(assertThrows(JobSpecException.class, () -> JobFunctions.load(missing))
                .getMessage()
                .contains("--jar"));
        JobSpec notAMapper = classes("java.lang.String", "io.gristmill.apps.IdentityReducer", 1, false);
        assertTrue(assertThrows(JobSpecException.class, () -> JobFunctions.load(notAMapper))
                .getMessage()
                .contains("does not implement io.gristmill.api.Mapper"));
        JobSpec nested = classes(
                EnginePipelineTest.class.getName() + ".Exploding", "io.gristmill.apps.IdentityReducer", 1, false);
        JobFunctions.load(nested); // "Outer.Inner" is found as "Outer$Inner"
        JobSpec badRegex = spec("grep", 1, 100, Map.of("pattern", "(unclosed"));
        String msg = assertThrows(
                        JobSpecException.class,
                        () -> JobFunctions.load(badRegex).check())
                .getMessage();
        assertTrue(msg.contains("not a valid Java regex"), msg);
    }

    @Test
    void functionsCountThroughTheirEmitterAndAReducerServesAsTheCombiner() throws Exception {
        Path f = dir.resolve("counted.txt");
        Files.writeString(f, "a b a\n\nc a b\n");
        JobSpec spec = JobSpec.builder()
                .id("j")
                .name("t")
                .mapper(CountingMapper.class.getName())
                .reducer(PlainSum.class.getName())
                .combiner(PlainSum.class.getName())
                .input(List.of("in/"))
                .output("out/")
                .reducers(2)
                .splitSize(1 << 20)
                .build();
        JobFunctions functions = JobFunctions.load(spec);
        functions.check();
        Split split = SplitPlanner.plan(List.of(new InputObject("counted.txt", "counted.txt", Files.size(f))), 1 << 20)
                .get(0);
        Path out = dir.resolve("counted.run");
        MapTask.Result mapped;
        try (SplitLineReader reader = new SplitLineReader(new FileRangeReader(dir), split, 1024)) {
            mapped = new MapTask(spec, "m-0", functions, new TaskSettings(dir, 16 << 10, 2, 64 << 10)).run(reader, out);
        }
        assertEquals(1L, mapped.counters().get("user.empty.lines"), "the mapper counted through its emitter");
        assertTrue(
                mapped.counters().get(Counters.COMBINE_INPUT_RECORDS) > 0,
                "the reducer combined: " + mapped.counters());
        TreeMap<String, Long> sums = new TreeMap<>();
        long keys = 0;
        RunIndex idx = RunIndex.read(out);
        for (int p = 0; p < 2; p++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ReduceTask.Result reduced = new ReduceTask(spec, "r-" + p, functions, TaskSettings.defaults(dir))
                    .run(List.of(Segment.ofFile(out, idx.offset(p), idx.length(p))), bytes);
            keys += reduced.counters().getOrDefault("user.keys", 0L);
            for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) sums.put(line.split("\t")[0], Long.parseLong(line.split("\t")[1]));
            }
        }
        assertEquals(Map.of("a", 3L, "b", 2L, "c", 1L), sums);
        assertEquals(3, keys, "the reducer counted each key through its emitter");
    }

    /** Emits each word with 1, and counts empty lines without keeping its TaskContext. */
    public static final class CountingMapper implements io.gristmill.api.Mapper {
        @Override
        public void map(io.gristmill.api.InputRecord record, io.gristmill.api.Emitter output) {
            if (record.line().isEmpty()) output.counter("empty.lines").increment();
            for (String w : record.line().split(" ")) {
                if (!w.isEmpty()) output.emit(w, "1");
            }
        }
    }

    /** A sum that is only a Reducer: named as the combiner too, it combines by reducing. */
    public static final class PlainSum implements io.gristmill.api.Reducer {
        @Override
        public void reduce(String key, Iterable<String> values, io.gristmill.api.Emitter output) {
            long total = 0;
            for (String v : values) total += Long.parseLong(v);
            output.counter("keys").increment();
            output.emit(key, Long.toString(total));
        }
    }

    /** A mapper that fails on one record. */
    public static final class Exploding implements io.gristmill.api.Mapper {
        @Override
        public void map(io.gristmill.api.InputRecord record, io.gristmill.api.Emitter output) {
            if (record.line().equals("boom")) throw new IllegalStateException("bad record");
            output.emit(record.line(), record.source());
        }
    }

    @SuppressWarnings("unused")
    private static void unused() throws IOException {}
}
