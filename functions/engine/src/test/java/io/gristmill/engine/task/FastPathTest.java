package io.gristmill.engine.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;
import io.gristmill.engine.input.FileRangeReader;
import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.input.SplitPlanner;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Manifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte-level fast paths of wordcount and indexer write the very bytes, and count the very
 * counters, that their Mappers do: attempts of one task may take either path.
 */
class FastPathTest {
    @TempDir
    Path dir;

    private static final String[] WORDS = {"the", "Mill", "café", "naïve", "日本語", "Ålborg", "ß", "x", "grist"};

    private Path text(long seed) throws Exception {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < 20_000; line++) {
            int n = r.nextInt(10);
            for (int i = 0; i < n; i++) {
                sb.append(WORDS[r.nextInt(WORDS.length)])
                        .append((char) ('a' + r.nextInt(26)))
                        .append((char) ('a' + r.nextInt(26)));
                sb.append(r.nextInt(6) == 0 ? " — " : " ");
            }
            sb.append(r.nextInt(30) == 0 ? "\r\n" : "\n");
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length / 2] = (byte) 0xC3; // and one byte that is not UTF-8 where it stands
        Path f = dir.resolve("text-" + seed + ".txt");
        Files.write(f, bytes);
        return f;
    }

    /** Runs the map task; {@code wrap} forces the String path by hiding the app's mapper class. */
    private MapTask.Result run(JobSpec spec, Path file, Path out, boolean wrap) throws Exception {
        JobFunctions functions = JobFunctions.load(spec);
        if (wrap) functions = functions.decorate(Wrapped::new, r -> r);
        Split split = SplitPlanner.plan(
                        List.of(new InputObject(
                                file.getFileName().toString(),
                                file.getFileName().toString(),
                                Files.size(file))),
                        1 << 30)
                .get(0);
        try (SplitLineReader reader = new SplitLineReader(new FileRangeReader(dir), split, 1024)) {
            // A small buffer, so that both paths spill and merge many times.
            return new MapTask(spec, "m-0", functions, new TaskSettings(dir, 64 << 10, 4, 64 << 10)).run(reader, out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wordcount", "indexer"})
    void theFastPathWritesWhatTheMapperWrites(String app) throws Exception {
        Path file = text(app.hashCode());
        JobSpec spec = Manifest.builder()
                .app(app)
                .input(List.of("in/"))
                .reducers(3)
                .build()
                .toSpec("j", "t", 3, 1);
        MapTask.Result fast = run(spec, file, dir.resolve("fast.run"), false);
        MapTask.Result slow = run(spec, file, dir.resolve("slow.run"), true);
        assertTrue(fast.counters().get(Counters.MAP_SPILLS) > 2, "spilled: " + fast.counters());
        assertEquals(slow.counters(), fast.counters());
        assertArrayEquals(slow.partitionLengths(), fast.partitionLengths());
        assertArrayEquals(Files.readAllBytes(dir.resolve("slow.run")), Files.readAllBytes(dir.resolve("fast.run")));
    }

    /** A mapper behind another class: the engine cannot tell it is a built-in app. */
    private static final class Wrapped implements Mapper {
        private final Mapper inner;

        Wrapped(Mapper inner) {
            this.inner = inner;
        }

        @Override
        public void setup(TaskContext context) throws Exception {
            inner.setup(context);
        }

        @Override
        public void map(InputRecord record, Emitter output) throws Exception {
            inner.map(record, output);
        }

        @Override
        public void cleanup(Emitter output) throws Exception {
            inner.cleanup(output);
        }
    }
}
