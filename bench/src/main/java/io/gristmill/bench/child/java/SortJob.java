package io.gristmill.bench.child.java;

import java.io.BufferedWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** sort: each thread sorts its lines (List.sort, String order); two sorted shares are merged as they are written. */
final class SortJob implements LocalJob<List<String>> {
    @Override
    public List<String> newState() {
        return new ArrayList<>();
    }

    @Override
    public void line(List<String> lines, String source, String line) {
        lines.add(line);
    }

    @Override
    public void finish(List<String> lines) {
        lines.sort(null);
    }

    @Override
    public List<String> merge(List<String> a, List<String> b) {
        List<String> merged = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) merged.add(a.get(i).compareTo(b.get(j)) <= 0 ? a.get(i++) : b.get(j++));
        merged.addAll(a.subList(i, a.size()));
        merged.addAll(b.subList(j, b.size()));
        return merged;
    }

    @Override
    public void write(List<String> lines, BufferedWriter out) throws IOException {
        for (String line : lines) {
            out.write(line);
            out.write('\n');
        }
    }
}
