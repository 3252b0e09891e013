package io.gristmill.bench.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inputs are the same bytes every time, of the promised shape. */
class GeneratorsTest {
    @TempDir
    Path tmp;

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private Path generate(InputGenerator g, String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        g.writeTo(dir);
        return dir;
    }

    @Test
    void theCorpusIsDeterministicInEightPartsWithinTheSize() throws IOException {
        long size = 400_000;
        Path a = generate(new CorpusGenerator("t", size, 7), "a");
        Path b = generate(new CorpusGenerator("t", size, 7), "b");
        List<Path> parts = files(a);
        assertEquals(8, parts.size());
        long total = 0;
        for (Path p : parts) {
            assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(p.getFileName())));
            assertTrue(Files.size(p) <= size / 8, p + " is over its share");
            total += Files.size(p);
        }
        assertTrue(total > size * 0.95, "nearly the requested size: " + total);
    }

    @Test
    void theCorpusHasWhatMakesTokenizationMatter() throws IOException {
        Path dir = generate(new CorpusGenerator("t", 2_000_000, 42), "c");
        String text = Files.readString(files(dir).get(0), StandardCharsets.UTF_8);
        assertTrue(text.chars().anyMatch(c -> c > 127 && Character.isLetter(c)), "non-ASCII letters");
        assertTrue(text.chars().anyMatch(c -> Character.isHighSurrogate((char) c)), "a letter outside the BMP");
        assertTrue(text.contains("'") && text.contains(", "), "apostrophes and punctuation");
        for (String line : text.split("\n")) {
            long gaps = line.chars().filter(c -> c == ' ').count();
            assertTrue(gaps >= 9, "10 to 15 words: " + line);
        }
    }

    @Test
    void aSeedChangesTheCorpus() throws IOException {
        Path a = generate(new CorpusGenerator("t", 100_000, 1), "s1");
        Path b = generate(new CorpusGenerator("t", 100_000, 2), "s2");
        assertTrue(!Files.readString(files(a).get(0)).equals(Files.readString(files(b).get(0))));
    }

    @Test
    void theTinyInputIsWholeBlocksOfLines() throws IOException {
        Path dir = generate(new TinyInputGenerator(50, 42), "tiny");
        byte[] bytes = Files.readAllBytes(files(dir).get(0));
        assertEquals(50 * TinyInputGenerator.BLOCK_BYTES, bytes.length);
        for (int block = 1; block < 50; block++) {
            assertEquals('\n', bytes[block * TinyInputGenerator.BLOCK_BYTES - 1], "a split starts on a line start");
        }
    }

    @Test
    void theSortInputIsDeterministic() throws IOException {
        Path a = generate(new SortInputGenerator("t", 200_000, 3), "sa");
        Path b = generate(new SortInputGenerator("t", 200_000, 3), "sb");
        for (Path p : files(a))
            assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(p.getFileName())));
    }

    @Test
    void theCacheReusesOnlyWhatWasMadeWithTheSameParameters() throws IOException {
        InputCache cache = new InputCache(tmp.resolve("data"));
        Files.createDirectories(tmp.resolve("data"));
        Path dir = cache.ensure(new CorpusGenerator("t", 80_000, 1), m -> {});
        Path marker = Files.writeString(dir.resolve("part-00.txt"), "changed");
        assertEquals(
                "changed",
                Files.readString(cache.ensure(new CorpusGenerator("t", 80_000, 1), m -> {})
                        .resolve("part-00.txt")),
                "reused");
        assertTrue(
                !Files.readString(cache.ensure(new CorpusGenerator("t", 80_000, 2), m -> {})
                                .resolve("part-00.txt"))
                        .equals("changed"),
                "regenerated for another seed");
        assertTrue(Files.exists(marker.getParent()));
    }
}
