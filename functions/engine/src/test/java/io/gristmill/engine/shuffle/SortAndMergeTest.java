package io.gristmill.engine.shuffle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SortAndMergeTest {
    @TempDir
    Path tmp;

    private static String word(Random r) {
        // Few distinct prefixes, so many 4-byte prefix ties need the full comparison.
        String[] stems = {"the", "thermal", "there", "them", "a", "ab", "", "\u00e9t\u00e9", "\uD83D\uDE00x", "\uE000"};
        return stems[r.nextInt(stems.length)] + (r.nextInt(4) == 0 ? "" : Integer.toString(r.nextInt(50)));
    }

    @Test
    void sortsEachPartitionInStringOrder() throws IOException {
        Random r = new Random(1);
        int partitions = 3;
        SortBuffer buffer = new SortBuffer(partitions, 64 << 20);
        List<List<String>> expected = new ArrayList<>();
        for (int p = 0; p < partitions; p++) expected.add(new ArrayList<>());
        for (int i = 0; i < 50_000; i++) {
            String k = word(r);
            int p = Math.floorMod(k.hashCode(), partitions);
            buffer.add(p, k, "v" + i);
            expected.get(p).add(k);
        }
        buffer.sort();
        for (int p = 0; p < partitions; p++) {
            Collections.sort(expected.get(p));
            List<String> actual = new ArrayList<>();
            RecordStream s = buffer.partition(p);
            while (s.next()) {
                actual.add(new String(s.key(), s.keyOffset(), s.keyLength(), StandardCharsets.UTF_8));
            }
            assertEquals(expected.get(p), actual);
        }
    }

    @Test
    void reportsFullAndTakesOversizedRecordWhenEmpty() {
        SortBuffer buffer = new SortBuffer(1, 4096);
        int added = 0;
        while (buffer.add(0, "key" + added, "value")) added++;
        assertEquals(true, added > 10 && added < 4096);
        buffer.clear();
        String huge = "x".repeat(100_000);
        assertEquals(true, buffer.add(0, huge, huge), "an empty buffer takes any record");
    }

    @Test
    void mergesMoreSegmentsThanTheFanInThroughTempFiles() throws IOException {
        Random r = new Random(3);
        List<Segment> segments = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int s = 0; s < 37; s++) {
            List<String> keys = new ArrayList<>();
            int n = r.nextInt(200);
            for (int i = 0; i < n; i++) keys.add(word(r));
            Collections.sort(keys);
            all.addAll(keys);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RunWriter w = new RunWriter(out, 1);
            w.startPartition(0);
            for (String k : keys) {
                byte[] kb = k.getBytes(StandardCharsets.UTF_8);
                byte[] vb = ("s" + s).getBytes(StandardCharsets.UTF_8);
                w.write(kb, 0, kb.length, vb, 0, vb.length);
            }
            long[] lengths = w.finish("{}");
            segments.add(Segment.ofBytes(out.toByteArray(), 0, (int) lengths[0]));
        }
        Collections.sort(all);
        List<String> merged = new ArrayList<>();
        try (RecordStream m = Merger.open(segments, 4, 128, tmp)) {
            while (m.next()) merged.add(new String(m.key(), m.keyOffset(), m.keyLength(), StandardCharsets.UTF_8));
        }
        assertEquals(all, merged);
        assertEquals(0, tmp.toFile().list().length, "temporary merge files are deleted");
    }

    @Test
    void groupsStreamValuesOfEachKey() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunWriter w = new RunWriter(out, 1);
        w.startPartition(0);
        String[][] recs = {{"a", "1"}, {"a", "2"}, {"b", "3"}, {"c", "4"}, {"c", "5"}, {"c", "6"}};
        for (String[] kv : recs) {
            byte[] k = kv[0].getBytes(StandardCharsets.UTF_8);
            byte[] v = kv[1].getBytes(StandardCharsets.UTF_8);
            w.write(k, 0, k.length, v, 0, v.length);
        }
        long[] len = w.finish("{\"note\":1}");
        byte[] bytes = out.toByteArray();
        KeyGroups g = new KeyGroups(RecordCursor.open(Segment.ofBytes(bytes, 0, (int) len[0]), 64));
        StringBuilder sb = new StringBuilder();
        while (g.nextKey()) {
            sb.append(g.keyString()).append(':');
            if (g.keyString().equals("c")) {
                sb.append(g.values().iterator().next()); // read one value, leave the rest unread
            } else {
                for (String v : g.values()) sb.append(v);
            }
            sb.append(' ');
        }
        assertEquals("a:12 b:3 c:4 ", sb.toString());
        assertEquals(6, g.records());
        RunIndex idx = RunIndex.parse(bytes);
        assertEquals(1, idx.partitions());
        assertEquals(len[0], idx.length(0));
        assertEquals("{\"note\":1}", idx.meta());
    }
}
