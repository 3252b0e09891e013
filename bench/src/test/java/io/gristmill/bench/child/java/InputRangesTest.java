package io.gristmill.bench.child.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-thread program sees every line exactly once, whatever the cut. */
class InputRangesTest {
    @TempDir
    Path tmp;

    @Test
    void sharesCoverEveryLineOnceAndStartOnLineStarts() throws IOException {
        List<String> expected = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 50 + f * 37; i++) {
                String line = "file" + f + " line " + i + " " + "x".repeat(i % 13);
                sb.append(line).append('\n');
                expected.add(line);
            }
            Files.writeString(tmp.resolve("f" + f + ".txt"), sb);
        }
        for (int n = 1; n <= 5; n++) {
            List<String> seen = new ArrayList<>();
            List<List<FileRange>> shares = InputRanges.split(tmp, n);
            assertEquals(n, shares.size());
            for (List<FileRange> share : shares) {
                for (FileRange r : share) {
                    if (r.start() > 0) {
                        byte[] bytes = Files.readAllBytes(r.file());
                        assertEquals('\n', bytes[(int) r.start() - 1], "a range starts on a line start");
                    }
                    RangeLines.read(r, (source, line) -> seen.add(line));
                }
            }
            assertEquals(expected, seen, "with " + n + " shares");
        }
    }

    @Test
    void twoSharesAreAboutHalfEach() throws IOException {
        Files.writeString(tmp.resolve("one.txt"), "abcdefghij\n".repeat(1000));
        List<List<FileRange>> shares = InputRanges.split(tmp, 2);
        long first = shares.get(0).stream().mapToLong(r -> r.end() - r.start()).sum();
        assertTrue(Math.abs(first - 5500) <= 11, "first share: " + first);
    }
}
