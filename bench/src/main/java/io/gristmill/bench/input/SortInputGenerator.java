package io.gristmill.bench.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sort input: random lines of 5 to 80 characters, 1% of them repeats of an earlier line
 * (a sort keeps duplicates). A few characters sit where UTF-8 byte order and Java String order
 * disagree (outside the BMP, and above U+E000), so a sort that compares the wrong way shows.
 */
public final class SortInputGenerator implements InputGenerator {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-";
    private static final String[] RARE = {"é", "ß", "Ω", "ж", "\uFF21" /* FULLWIDTH A */, "\uD83D\uDE00" /* 😀 */};
    private static final int VERSION = 1;

    private final String label;
    private final long bytes;
    private final long seed;

    public SortInputGenerator(String label, long bytes, long seed) {
        this.label = label;
        this.bytes = bytes;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "lines-" + label;
    }

    @Override
    public String parameters() {
        return "sort-lines v" + VERSION + " bytes=" + bytes + " seed=" + seed + " parts=" + CorpusGenerator.PARTS;
    }

    @Override
    public void writeTo(Path dir) throws IOException {
        SplitMix64 random = new SplitMix64(seed ^ 0x5027L);
        List<String> recent = new ArrayList<>();
        try (PartWriter out = new PartWriter(dir, CorpusGenerator.PARTS, bytes)) {
            String line;
            do {
                if (!recent.isEmpty() && random.nextInt(100) == 0) {
                    line = recent.get(random.nextInt(recent.size()));
                } else {
                    line = randomLine(random);
                    if (recent.size() < 1000) recent.add(line);
                    else recent.set(random.nextInt(recent.size()), line);
                }
            } while (out.write(line));
        }
    }

    private static String randomLine(SplitMix64 random) {
        int n = 5 + random.nextInt(76);
        StringBuilder sb = new StringBuilder(n + 2);
        for (int i = 0; i < n; i++) {
            if (random.nextInt(200) == 0) sb.append(RARE[random.nextInt(RARE.length)]);
            else sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
