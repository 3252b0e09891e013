package io.gristmill.testkit;

import io.gristmill.api.Reducer;
import io.gristmill.apps.WordCountMapper;
import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.shuffle.Varint;
import io.gristmill.engine.task.JobFunctions;
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

/**
 * Runs a Reducer alone, in memory, with Gristmill's own reduce task: give it keys and their values, get
 * the lines it writes. Keys reach the reducer in Gristmill's key order whatever order they are given in;
 * a key's values keep theirs.
 *
 * <pre>{@code
 * List<String> out = ReduceDriver.of(Count.class).input("000010", "1", "2").input("000000", "4").run();
 * assertEquals(List.of("000000\t4", "000010\t3"), out);
 * }</pre>
 */
public final class ReduceDriver {
    private final Class<? extends Reducer> reducer;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final List<JobDriver.KeyValue> records = new ArrayList<>();

    private ReduceDriver(Class<? extends Reducer> reducer) {
        this.reducer = reducer;
    }

    public static ReduceDriver of(Class<? extends Reducer> reducer) {
        return new ReduceDriver(reducer);
    }

    public ReduceDriver param(String key, String value) {
        params.put(key, value);
        return this;
    }

    /** A key and some of its values; give a key again to add more. */
    public ReduceDriver input(String key, String... values) {
        for (String v : values) records.add(new JobDriver.KeyValue(key, v));
        return this;
    }

    /** The reducer's output lines ({@code key<TAB>value}), in the order it wrote them. */
    public List<String> run() {
        JobSpec spec;
        try {
            // The mapper is only there to make the spec whole: the reduce task never calls it.
            spec = Manifest.builder()
                    .mapper(WordCountMapper.class.getName())
                    .reducer(reducer.getName())
                    .reducers(1)
                    .params(params)
                    .input(List.of("testkit/input/"))
                    .build()
                    .toSpec("testkit", "testkit", 1, 64L << 20);
        } catch (JobSpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<JobDriver.KeyValue> sorted = new ArrayList<>(records);
        sorted.sort(JobDriver.KEYS);
        ClassLoader loader = reducer.getClassLoader();
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        Path tmp = null;
        try {
            JobFunctions functions = JobFunctions.load(spec, loader);
            tmp = Files.createTempDirectory("gristmill-testkit-");
            byte[] run = encode(sorted);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ReduceTask(spec, "r-00000", functions, TaskSettings.defaults(tmp))
                    .run(run.length == 0 ? List.of() : List.of(Segment.ofBytes(run, 0, run.length)), out);
            return JobDriver.lines(out);
        } catch (JobSpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            t.setContextClassLoader(previous);
            if (tmp != null) FileTree.delete(tmp);
        }
    }

    /** Records in Gristmill's intermediate format: varint key length, varint value length, key, value. */
    private static byte[] encode(List<JobDriver.KeyValue> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] lengths = new byte[10];
        for (JobDriver.KeyValue kv : records) {
            byte[] key = kv.key().getBytes(StandardCharsets.UTF_8);
            byte[] value = kv.value().getBytes(StandardCharsets.UTF_8);
            int n = Varint.write(lengths, 0, key.length);
            n = Varint.write(lengths, n, value.length);
            out.write(lengths, 0, n);
            out.writeBytes(key);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }
}
