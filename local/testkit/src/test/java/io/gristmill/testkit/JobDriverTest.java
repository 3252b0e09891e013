package io.gristmill.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.Reducer;
import io.gristmill.apps.SumReducer;
import io.gristmill.apps.WordCountMapper;
import io.gristmill.e2e.Corpus;
import io.gristmill.e2e.Oracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobDriverTest {
    @TempDir
    Path tmp;

    @Test
    void aWordCountInMemoryEqualsTheStraightforwardOne() throws Exception {
        List<Path> docs = Corpus.write(tmp, 3, 300, 71);
        JobDriver driver = JobDriver.of(WordCountMapper.class, SumReducer.class)
                .combiner(SumReducer.class)
                .reducers(4);
        docs.forEach(driver::input);
        JobDriver.Result r = driver.run();
        List<String> lines = new ArrayList<>(r.lines());
        lines.sort(null);
        assertEquals(Oracle.wordCount(docs), lines);
        assertEquals(4, r.parts().size());
        for (List<String> part : r.parts()) {
            List<String> sorted = new ArrayList<>(part);
            sorted.sort(null);
            assertEquals(sorted, part, "each part is in key order");
        }
        assertTrue(r.counter("combine.input.records") > r.counter("combine.output.records"), r.counters()::toString);
        assertEquals(900, r.counter("map.input.records"));
    }

    @Test
    void theMapOutputIsPartitionedSortedAndCombined() {
        JobDriver.MapOutput map = JobDriver.of(WordCountMapper.class, SumReducer.class)
                .combiner(SumReducer.class)
                .reducers(2)
                .input("a.txt", "b a b", "c")
                .input("b.txt", "a")
                .runMap();
        List<JobDriver.KeyValue> all = map.all();
        assertEquals(
                List.of("a\t1", "a\t1", "b\t2", "c\t1"),
                all.stream().map(Object::toString).sorted().toList());
        for (List<JobDriver.KeyValue> partition : map.partitions()) {
            List<String> keys = partition.stream().map(JobDriver.KeyValue::key).toList();
            assertEquals(keys.stream().sorted().toList(), keys);
        }
    }

    /** Averages: not associative, so it may not be a combiner. */
    public static final class Average implements Reducer {
        @Override
        public void reduce(String key, Iterable<String> values, Emitter output) {
            long sum = 0;
            long n = 0;
            for (String v : values) {
                sum += Long.parseLong(v);
                n++;
            }
            output.emit(key, Long.toString(sum / n));
        }
    }

    /** Emits each line's length under its first word. */
    public static final class FirstWordLength implements Mapper {
        @Override
        public void map(InputRecord record, Emitter output) {
            String[] words = record.line().split(" ");
            output.emit(words[0], Integer.toString(record.line().length()));
        }
    }

    @Test
    void aCombinerThatChangesTheResultIsCaught() {
        JobDriver driver = JobDriver.of(FirstWordLength.class, Average.class)
                .combiner(Average.class)
                .input("a.txt", "x 1", "x 12345")
                .input("b.txt", "x 123456789012");
        AssertionError e = assertThrows(AssertionError.class, driver::verifyCombiner);
        assertTrue(e.getMessage().contains("changes the output"), e.getMessage());
        JobDriver.of(WordCountMapper.class, SumReducer.class)
                .combiner(SumReducer.class)
                .input("a.txt", "a b a")
                .input("b.txt", "a")
                .verifyCombiner();
    }

    @Test
    void theReducerAloneSeesKeysInOrder() {
        assertEquals(
                List.of("a\t4", "b\t3"),
                ReduceDriver.of(SumReducer.class)
                        .input("b", "1", "2")
                        .input("a", "4")
                        .run());
    }

    /** No public no-argument constructor: Gristmill cannot create it, and says so before any task. */
    public static final class NeedsAnArgument implements Mapper {
        public NeedsAnArgument(String x) {}

        @Override
        public void map(InputRecord record, Emitter output) {}
    }

    @Test
    void aClassGristmillCannotCreateFailsAsOnTheStack() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> JobDriver.of(NeedsAnArgument.class, SumReducer.class)
                        .input("a", "x")
                        .run());
        assertTrue(e.getMessage().contains("public no-argument constructor"), e.getMessage());
    }
}
