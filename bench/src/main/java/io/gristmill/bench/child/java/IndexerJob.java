package io.gristmill.bench.child.java;

import io.gristmill.apps.Words;
import java.io.BufferedWriter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** indexer: a HashMap from word to the sorted set of files it occurs in; Gristmill's output format. */
final class IndexerJob implements LocalJob<Map<String, TreeSet<String>>> {
    @Override
    public Map<String, TreeSet<String>> newState() {
        return new HashMap<>();
    }

    @Override
    public void line(Map<String, TreeSet<String>> index, String source, String line) {
        Words.forEach(
                line, word -> index.computeIfAbsent(word, k -> new TreeSet<>()).add(source));
    }

    @Override
    public Map<String, TreeSet<String>> merge(Map<String, TreeSet<String>> a, Map<String, TreeSet<String>> b) {
        b.forEach((word, names) -> a.computeIfAbsent(word, k -> new TreeSet<>()).addAll(names));
        return a;
    }

    @Override
    public void write(Map<String, TreeSet<String>> index, BufferedWriter out) throws IOException {
        for (var e : index.entrySet()) {
            out.write(e.getKey());
            out.write('\t');
            out.write(e.getValue().size() + " " + String.join(",", e.getValue()));
            out.write('\n');
        }
    }
}
