package io.gristmill.protocol.memory;

import io.gristmill.apps.Words;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Generated documents and what a sequential word count says of them: the tests' input and oracle. */
final class Texts {
    private static final String[] WORDS = {
        "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "Ålborg", "naïve", "café", "zebra", "apple",
        "Apple", "mill", "grist", "reduce", "map", "shuffle", "sort"
    };

    private Texts() {}

    /** A document of about {@code lines} lines of random words, some lines empty, CRLF now and then. */
    static String document(long seed, int lines) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            int n = r.nextInt(12);
            for (int j = 0; j < n; j++)
                sb.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(5) == 0 ? ", " : " ");
            sb.append(r.nextInt(20) == 0 ? "\r\n" : "\n");
        }
        return sb.toString();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The word count of the documents, as {@code word<TAB>count} lines in String order. */
    static List<String> wordCount(List<String> documents) {
        Map<String, Long> counts = new TreeMap<>();
        for (String d : documents) {
            for (String line : d.split("\r?\n")) Words.forEach(line, w -> counts.merge(w, 1L, Long::sum));
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "\t" + e.getValue())
                .toList();
    }
}
