package io.gristmill.engine.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.api.InputRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitLineReaderTest {
    @TempDir
    Path dir;

    /** Lines of every awkward kind: empty, CRLF, multi-byte, longer than the lookahead. */
    private static List<String> lines(Random r, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = r.nextInt(10);
            String s = switch (kind) {
                case 0 -> "";
                case 1 -> "x".repeat(r.nextInt(2500));
                case 2 -> "caf\u00e9 \uD83D\uDE00 " + i;
                default -> "line " + i + " " + "w".repeat(r.nextInt(40));
            };
            lines.add(s);
        }
        return lines;
    }

    private static String text(List<String> lines, boolean crlf, boolean trailingNewline) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(lines.get(i));
            if (i < lines.size() - 1 || trailingNewline) sb.append(crlf ? "\r\n" : "\n");
        }
        return sb.toString();
    }

    private List<InputRecord> readAll(FileRangeReader reader, String key, long size, long splitSize, long lookahead)
            throws Exception {
        List<InputRecord> out = new ArrayList<>();
        long bytes = 0;
        List<Split> splits = SplitPlanner.plan(List.of(new InputObject(key, key, size)), splitSize);
        for (Split s : splits) {
            try (SplitLineReader r = new SplitLineReader(reader, s, lookahead)) {
                InputRecord rec;
                while ((rec = r.next()) != null) {
                    assertTrue(
                            rec.offset() >= s.start() && rec.offset() < s.end(),
                            "a line belongs to the split it starts in");
                    out.add(rec);
                }
                bytes += r.bytesRead();
            }
        }
        assertEquals(size, bytes, "every byte is read by exactly one split");
        return out;
    }

    @Test
    void everyLineIsReadOnceWhateverTheSplitSize() throws Exception {
        Random random = new Random(11);
        for (boolean crlf : new boolean[] {false, true}) {
            for (boolean trailing : new boolean[] {false, true}) {
                List<String> lines = lines(random, 60);
                String content = text(lines, crlf, trailing);
                byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
                Files.write(dir.resolve("in.txt"), bytes);
                List<Long> offsets = new ArrayList<>();
                long off = 0;
                for (String l : lines) {
                    offsets.add(off);
                    off += l.getBytes(StandardCharsets.UTF_8).length + (crlf ? 2 : 1);
                }
                for (long splitSize : new long[] {1, 2, 3, 7, 64, 100, 1000, 4096, 10_000, bytes.length, 1L << 30}) {
                    FileRangeReader reader = new FileRangeReader(dir);
                    List<InputRecord> got = readAll(reader, "in.txt", bytes.length, splitSize, 100);
                    assertEquals(lines.size(), got.size(), "lines with split size " + splitSize);
                    for (int i = 0; i < lines.size(); i++) {
                        assertEquals(lines.get(i), got.get(i).line(), "line " + i + " split size " + splitSize);
                        assertEquals(offsets.get(i), got.get(i).offset(), "offset of line " + i);
                    }
                }
            }
        }
    }

    @Test
    void oneRequestPerSplitWhenLinesFitTheLookahead() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) sb.append("record number ").append(i).append('\n');
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("big.txt"), bytes);
        FileRangeReader reader = new FileRangeReader(dir);
        List<InputRecord> got = readAll(reader, "big.txt", bytes.length, 64 << 10, 4096);
        assertEquals(100_000, got.size());
        int splits = (bytes.length + (64 << 10) - 1) / (64 << 10);
        assertEquals(splits, reader.opens, "one ranged read per split");
    }

    @Test
    void gzipObjectIsOneSplitWithUncompressedOffsets() throws Exception {
        List<String> lines = List.of("alpha", "", "gamma delta");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(text(lines, false, true).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("in.txt.gz"), bos.toByteArray());
        List<Split> splits = SplitPlanner.plan(List.of(new InputObject("in.txt.gz", "in.txt.gz", bos.size())), 3);
        assertEquals(1, splits.size());
        List<InputRecord> got = new ArrayList<>();
        try (SplitLineReader r = new SplitLineReader(new FileRangeReader(dir), splits.get(0), 1024)) {
            InputRecord rec;
            while ((rec = r.next()) != null) got.add(rec);
        }
        assertEquals(3, got.size());
        assertEquals("gamma delta", got.get(2).line());
        assertEquals(7, got.get(2).offset());
    }

    @Test
    void tooManySplitsIsRefusedWithASuggestion() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.gristmill.engine.job.JobSpecException.class,
                () -> SplitPlanner.plan(List.of(new InputObject("a", "a", 1L << 30)), 1024));
        // The same limit as the README's and the plan's (issue 16: this once said 100000).
        assertTrue(e.getMessage().contains("a job runs at most 1,000,000"), e.getMessage());
        assertTrue(e.getMessage().contains("split size of at least 1.0 MB"), e.getMessage());
        assertTrue((1L << 30) / (1L << 20) <= SplitPlanner.MAX_SPLITS, "the advice fits");
    }
}
