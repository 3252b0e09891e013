package io.gristmill.engine.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gristmill.apps.Words;
import io.gristmill.engine.input.LineView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The words found in a line's bytes are the words of the decoded line, with their Strings' hashes. */
class Utf8WordsTest {
    private static final String[] PIECES = {
        "the",
        "Mill",
        " ",
        ", ",
        "café",
        "naïve",
        "Ålborg",
        "日本語",
        "ß",
        "–",
        "\u2019",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "😀",
        "x",
        "42",
        "\t",
        "A",
        "z",
        "Ω",
        "ﬁ",
        "\u0301"
    };

    private static List<String> fast(byte[] bytes) {
        LineView line = new LineView();
        line.bytes = bytes;
        line.offset = 0;
        line.length = bytes.length;
        List<String> words = new ArrayList<>();
        Utf8Words.forEach(line, (b, start, end, hash) -> {
            String w = new String(b, start, end - start, StandardCharsets.UTF_8);
            assertEquals(w.hashCode(), hash, "the hash of '" + w + "'");
            words.add(w);
        });
        return words;
    }

    private static List<String> slow(byte[] bytes) {
        List<String> words = new ArrayList<>();
        Words.forEach(new String(bytes, StandardCharsets.UTF_8), words::add);
        return words;
    }

    @Test
    void wordsOfTextInManyScripts() {
        Random r = new Random(7);
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = r.nextInt(12);
            for (int j = 0; j < n; j++) sb.append(PIECES[r.nextInt(PIECES.length)]);
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            assertEquals(slow(bytes), fast(bytes), sb.toString());
        }
    }

    @Test
    void bytesThatAreNotUtf8SeparateWordsAsDecodingWould() {
        Random r = new Random(11);
        byte[] alphabet = "abcXYZé日😀 ,".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20000; i++) {
            byte[] bytes = new byte[r.nextInt(24)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            assertEquals(slow(bytes), fast(bytes), java.util.Arrays.toString(bytes));
        }
    }
}
