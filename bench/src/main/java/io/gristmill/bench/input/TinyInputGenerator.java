package io.gristmill.bench.input;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The coordination-overhead input: one object of {@code tasks} blocks of exactly {@link #BLOCK_BYTES}
 * bytes (10 ASCII lines of 100 bytes), so a split size of one block makes exactly {@code tasks} map
 * tasks of 10 lines each: the work per task is negligible and what is measured is the per-task cost.
 */
public final class TinyInputGenerator implements InputGenerator {
    public static final int BLOCK_BYTES = 1000;
    private static final int LINE_BYTES = 100;
    private static final int VERSION = 1;

    private final int tasks;
    private final long seed;

    public TinyInputGenerator(int tasks, long seed) {
        this.tasks = tasks;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "tiny-" + tasks;
    }

    @Override
    public String parameters() {
        return "tiny v" + VERSION + " blocks=" + tasks + " block=" + BLOCK_BYTES + " seed=" + seed;
    }

    @Override
    public void writeTo(Path dir) throws IOException {
        SplitMix64 random = new SplitMix64(seed ^ 0x71L);
        ZipfSampler zipf = new ZipfSampler(1000, 1.0);
        Vocabulary words = Vocabulary.generate(1000, random);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("tiny.txt"), StandardCharsets.US_ASCII)) {
            for (int i = 0; i < tasks * (BLOCK_BYTES / LINE_BYTES); i++) {
                StringBuilder line = new StringBuilder(LINE_BYTES);
                while (true) {
                    String w = words.word(zipf.sample(random));
                    if (!isAscii(w)) continue;
                    if (line.length() + 1 + w.length() > LINE_BYTES - 1) break;
                    if (line.length() > 0) line.append(' ');
                    line.append(w);
                }
                while (line.length() < LINE_BYTES - 1) line.append(' ');
                out.write(line.append('\n').toString());
            }
        }
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 127) return false;
        return true;
    }
}
