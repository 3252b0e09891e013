package io.gristmill.bench.child.java;

import io.gristmill.apps.Words;
import java.io.BufferedWriter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** wordcount: a HashMap from word to a mutable count. */
final class WordCountJob implements LocalJob<Map<String, long[]>> {
    @Override
    public Map<String, long[]> newState() {
        return new HashMap<>();
    }

    @Override
    public void line(Map<String, long[]> counts, String source, String line) {
        Words.forEach(line, word -> counts.computeIfAbsent(word, k -> new long[1])[0]++);
    }

    @Override
    public Map<String, long[]> merge(Map<String, long[]> a, Map<String, long[]> b) {
        b.forEach((word, n) -> a.computeIfAbsent(word, k -> new long[1])[0] += n[0]);
        return a;
    }

    @Override
    public void write(Map<String, long[]> counts, BufferedWriter out) throws IOException {
        for (var e : counts.entrySet()) {
            out.write(e.getKey());
            out.write('\t');
            out.write(Long.toString(e.getValue()[0]));
            out.write('\n');
        }
    }
}
