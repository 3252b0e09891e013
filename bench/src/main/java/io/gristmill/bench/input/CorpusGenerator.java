package io.gristmill.bench.input;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The word-count corpus: lines of 10 to 15 words drawn from a Zipf distribution over a made-up
 * vocabulary, with punctuation between words and a capital after a full stop, in {@link #PARTS} files.
 */
public final class CorpusGenerator implements InputGenerator {
    static final int PARTS = 8;
    private static final int VOCABULARY = 100_000;
    private static final double EXPONENT = 1.05;
    private static final int VERSION = 1; // bump when the output for given parameters changes

    private final String label;
    private final long bytes;
    private final long seed;

    public CorpusGenerator(String label, long bytes, long seed) {
        this.label = label;
        this.bytes = bytes;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "zipf-" + label;
    }

    @Override
    public String parameters() {
        return "corpus v" + VERSION + " bytes=" + bytes + " seed=" + seed + " vocabulary=" + VOCABULARY + " s="
                + EXPONENT + " parts=" + PARTS;
    }

    @Override
    public void writeTo(Path dir) throws IOException {
        SplitMix64 random = new SplitMix64(seed);
        Vocabulary words = Vocabulary.generate(VOCABULARY, random);
        ZipfSampler zipf = new ZipfSampler(words.size(), EXPONENT);
        StringBuilder line = new StringBuilder(160);
        try (PartWriter out = new PartWriter(dir, PARTS, bytes)) {
            do {
                line.setLength(0);
                appendLine(line, words, zipf, random);
            } while (out.write(line.toString()));
        }
    }

    private static void appendLine(StringBuilder line, Vocabulary words, ZipfSampler zipf, SplitMix64 random) {
        int n = 10 + random.nextInt(6);
        boolean capital = true;
        for (int i = 0; i < n; i++) {
            String w = words.word(zipf.sample(random));
            line.append(capital ? capitalize(w) : w);
            capital = false;
            if (i == n - 1) {
                line.append(random.nextInt(8) == 0 ? "?" : ".");
                break;
            }
            int roll = random.nextInt(100);
            if (roll < 78) line.append(' ');
            else if (roll < 88) line.append(", ");
            else if (roll < 91) line.append(" - ");
            else if (roll < 93) line.append("; ");
            else if (roll < 95) line.append(" \"");
            else if (roll < 96) line.append(" 1,").append(random.nextInt(1000)).append(' ');
            else {
                line.append(". ");
                capital = true;
            }
        }
    }

    private static String capitalize(String w) {
        int first = w.codePointAt(0);
        if (!Character.isLowerCase(first)) return w;
        return new StringBuilder()
                .appendCodePoint(Character.toUpperCase(first))
                .append(w, Character.charCount(first), w.length())
                .toString();
    }
}
