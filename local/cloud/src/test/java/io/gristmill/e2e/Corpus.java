package io.gristmill.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic text for tests: words of several scripts, varied line lengths, a few empty lines. */
public final class Corpus {
    private static final String[] WORDS = {
        "the",
        "The",
        "of",
        "and",
        "river",
        "Mill",
        "grist",
        "caf\u00e9",
        "na\u00efve",
        "\u00fcber",
        "\u4e2d\u6587",
        "\u0436\u0438\u0437\u043d\u044c",
        "\uD835\uDC00bc",
        "x",
        "y",
        "zebra"
    };

    private Corpus() {}

    public static List<Path> write(Path dir, int files, int lines, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        List<Path> out = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                int n = r.nextInt(14);
                for (int j = 0; j < n; j++) {
                    sb.append(WORDS[r.nextInt(WORDS.length)]);
                    sb.append(
                            switch (r.nextInt(5)) {
                                case 0 -> ", ";
                                case 1 -> "-";
                                case 2 -> "  ";
                                default -> " ";
                            });
                }
                sb.append(r.nextInt(20) == 0 ? "\r\n" : "\n");
            }
            Path p = dir.resolve("doc-" + f + ".txt");
            Files.writeString(p, sb.toString());
            out.add(p);
        }
        return out;
    }
}
