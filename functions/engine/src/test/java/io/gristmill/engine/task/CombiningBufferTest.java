package io.gristmill.engine.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.api.Combiner;
import io.gristmill.engine.shuffle.RecordCursor;
import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.engine.shuffle.RunWriter;
import io.gristmill.engine.shuffle.Segment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The combining buffer keeps values as runs of repeats; the combiner must still see every value. */
class CombiningBufferTest {
    private static final Combiner SUM = (key, values, out) -> {
        long sum = 0;
        for (String v : values) sum += Long.parseLong(v);
        out.emit(key, Long.toString(sum));
    };

    /** Pairs written out by the buffer, as "partition key=value" lines in run order. */
    private static List<String> drain(CombiningBuffer buffer, int partitions) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RunWriter writer = new RunWriter(bytes, partitions);
        buffer.writeTo(writer, partitions);
        writer.finish("{}");
        byte[] run = bytes.toByteArray();
        byte[] trailer = new byte[RunIndex.TRAILER];
        System.arraycopy(run, run.length - trailer.length, trailer, 0, trailer.length);
        int tail = RunIndex.tailLength(trailer);
        byte[] tailBytes = new byte[tail];
        System.arraycopy(run, run.length - tail, tailBytes, 0, tail);
        RunIndex index = RunIndex.parse(tailBytes);
        List<String> out = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            try (RecordCursor c =
                    RecordCursor.open(Segment.ofBytes(run, (int) index.offset(p), (int) index.length(p)), 4096)) {
                while (c.next()) {
                    out.add(p + " " + new String(c.key(), c.keyOffset(), c.keyLength(), StandardCharsets.UTF_8) + "="
                            + new String(c.value(), c.valueOffset(), c.valueLength(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Test
    void repeatsAreCountedNotStoredAndTheCombinerStillSeesEveryOne() throws IOException {
        int[] calls = {0};
        Combiner counting = (key, values, out) -> {
            calls[0]++;
            SUM.combine(key, values, out);
        };
        Counters counters = new Counters();
        CombiningBuffer buffer = new CombiningBuffer(counting, 1 << 20, counters);
        for (int i = 0; i < 100_000; i++) {
            buffer.add("word", "1", k -> 0);
            buffer.add(i % 2 == 0 ? "even" : "odd", new String("1"), k -> 1); // equal, not the same instance
        }
        assertEquals(List.of("0 word=100000", "1 even=50000", "1 odd=50000"), drain(buffer, 2));
        assertEquals(3, calls[0], "one combine per key, at the spill");
        assertEquals(200_000, counters.get(Counters.COMBINE_INPUT_RECORDS));
        assertEquals(3, counters.get(Counters.COMBINE_OUTPUT_RECORDS));
    }

    @Test
    void distinctValuesAreCombinedEarlyInOrderAndAgainAtTheSpill() throws IOException {
        List<List<String>> seen = new ArrayList<>();
        Combiner recording = (key, values, out) -> {
            List<String> vs = new ArrayList<>();
            for (String v : values) vs.add(v);
            List<String> again = new ArrayList<>();
            for (String v : values) again.add(v); // an Iterable may be walked twice
            assertEquals(vs, again);
            seen.add(vs);
            SUM.combine(key, vs, out);
        };
        CombiningBuffer buffer = new CombiningBuffer(recording, 1 << 20, new Counters());
        long expected = 0;
        for (int i = 1; i <= 40; i++) {
            String v = Integer.toString(i % 3 + 1);
            buffer.add("k", v, k -> 0);
            buffer.add("k", v, k -> 0); // runs of two
            expected += 2L * (i % 3 + 1);
        }
        assertEquals(List.of("0 k=" + expected), drain(buffer, 1));
        assertTrue(seen.size() >= 2, "combined early, then at the spill: " + seen.size());
        assertEquals(List.of("2", "2", "3", "3", "1", "1"), seen.get(0).subList(0, 6), "runs expand in arrival order");
        for (List<String> s : seen.subList(0, seen.size() - 1)) {
            assertTrue(s.size() <= 2 * (CombiningBuffer.COMBINE_EVERY + 1), "bounded pending values: " + s.size());
        }
    }

    @Test
    void aCombinerMayDropAKeyOrEmitSeveralValues() throws IOException {
        Combiner odd = (key, values, out) -> {
            if (key.equals("drop")) return;
            for (String v : values) {
                out.emit(key, v);
                out.emit(key, v);
            }
        };
        CombiningBuffer buffer = new CombiningBuffer(odd, 1 << 20, new Counters());
        buffer.add("drop", "x", k -> 0);
        buffer.add("drop", "y", k -> 0);
        buffer.add("keep", "a", k -> 0);
        buffer.add("keep", "b", k -> 0);
        assertEquals(
                List.of("0 keep=a", "0 keep=a", "0 keep=b", "0 keep=b"),
                drain(buffer, 1),
                "combined once, at the spill");
    }

    @Test
    void aCombinerThatChangesTheKeyIsNamedInTheError() {
        Combiner rename = (key, values, out) -> out.emit(key + "!", "1");
        CombiningBuffer buffer = new CombiningBuffer(rename, 1 << 20, new Counters());
        buffer.add("k", "1", k -> 0);
        buffer.add("k", "1", k -> 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> drain(buffer, 1));
        assertTrue(e.getMessage().contains("emitted key 'k!' for key 'k'"), e.getMessage());
    }

    @Test
    void theMemoryBudgetCountsDistinctKeysNotRepeats() {
        CombiningBuffer buffer = new CombiningBuffer(SUM, 64 << 10, new Counters());
        for (int i = 0; i < 1_000_000; i++) buffer.add("same", "1", k -> 0);
        assertTrue(!buffer.full(), "a million repeats of one pair fit in 64 KB");
        int keys = 0;
        while (!buffer.full()) buffer.add("key-" + keys++, "1", k -> 0);
        assertTrue(keys > 100 && keys < 1000, "about 150 bytes a key: " + keys);
    }
}
