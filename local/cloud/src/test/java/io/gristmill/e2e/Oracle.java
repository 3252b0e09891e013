package io.gristmill.e2e;

import io.gristmill.apps.Words;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The expected output of each built-in app, computed the straightforward way: one pass over whole
 * files in one thread, a sorted map, no splits, no partitions. Lines are split on '\n' with a
 * trailing '\r' removed, as the contract says.
 */
public final class Oracle {
    private Oracle() {}

    public record Line(long offset, String text) {}

    /** The lines of a file with the byte offset where each starts. */
    public static List<Line> linesWithOffsets(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<Line> lines = new ArrayList<>();
        int start = 0;
        while (start < bytes.length) {
            int nl = start;
            while (nl < bytes.length && bytes[nl] != '\n') nl++;
            int end = nl > start && bytes[nl - 1] == '\r' ? nl - 1 : nl;
            lines.add(new Line(start, new String(bytes, start, end - start, StandardCharsets.UTF_8)));
            start = nl + 1;
        }
        return lines;
    }

    public static List<String> lines(Path file) throws IOException {
        return linesWithOffsets(file).stream().map(Line::text).toList();
    }

    /** {@code word<TAB>count} lines in String order. */
    public static List<String> wordCount(List<Path> files) throws IOException {
        TreeMap<String, Long> counts = new TreeMap<>();
        for (Path f : files) for (String line : lines(f)) Words.forEach(line, w -> counts.merge(w, 1L, Long::sum));
        List<String> out = new ArrayList<>();
        counts.forEach((w, c) -> out.add(w + "\t" + c));
        return out;
    }

    /** {@code word<TAB>N name1,name2} with the names as the job sees them. */
    public static List<String> index(Map<String, Path> filesByName) throws IOException {
        TreeMap<String, TreeSet<String>> index = new TreeMap<>();
        for (var e : filesByName.entrySet()) {
            for (String line : lines(e.getValue())) {
                Words.forEach(
                        line,
                        w -> index.computeIfAbsent(w, k -> new TreeSet<>()).add(e.getKey()));
            }
        }
        List<String> out = new ArrayList<>();
        index.forEach((w, names) -> out.add(w + "\t" + names.size() + " " + String.join(",", names)));
        return out;
    }

    /** {@code name:offset<TAB>line} for matching lines, sorted by key. */
    public static List<String> grep(Map<String, Path> filesByName, String regex) throws IOException {
        Pattern p = Pattern.compile(regex);
        TreeMap<String, String> hits = new TreeMap<>();
        for (var e : filesByName.entrySet()) {
            for (Line line : linesWithOffsets(e.getValue())) {
                if (p.matcher(line.text()).find()) hits.put(e.getKey() + ":" + line.offset(), line.text());
            }
        }
        List<String> out = new ArrayList<>();
        hits.forEach((k, v) -> out.add(v.isEmpty() ? k : k + "\t" + v)); // an empty value writes the key alone
        return out;
    }

    /** Every line of every file, sorted in String order, duplicates kept. */
    public static List<String> sort(List<Path> files) throws IOException {
        List<String> all = new ArrayList<>();
        for (Path f : files) all.addAll(lines(f));
        all.sort(null);
        return all;
    }
}
