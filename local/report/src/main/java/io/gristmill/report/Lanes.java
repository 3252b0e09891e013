package io.gristmill.report;

import io.gristmill.report.Runs.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline's rows: one per function instance (an attempt's worker, its log stream), in the order
 * they first ran. With more instances than {@code maxRows}, neighbouring instances share a row, so a
 * job of thousands of instances stays a picture of a few hundred pixels rather than a scroll.
 */
final class Lanes {
    private final List<String> workers;
    private final Map<String, Integer> rowOf;
    private final int rows;
    private final int perRow;

    private Lanes(List<String> workers, int maxRows) {
        this.workers = workers;
        this.perRow = Math.max(1, (workers.size() + maxRows - 1) / maxRows);
        this.rows = (workers.size() + perRow - 1) / perRow;
        this.rowOf = new LinkedHashMap<>();
        for (int i = 0; i < workers.size(); i++) rowOf.put(workers.get(i), i / perRow);
    }

    static Lanes of(List<Run> runs, int maxRows) {
        Map<String, Long> first = new LinkedHashMap<>();
        for (Run r : runs) first.merge(worker(r), r.start(), Math::min);
        List<String> workers = new ArrayList<>(first.keySet());
        workers.sort(Comparator.comparingLong((String w) -> first.get(w)).thenComparing(w -> w));
        return new Lanes(workers, Math.max(1, maxRows));
    }

    static String worker(Run r) {
        String w = r.attempt().worker();
        return w == null || w.isBlank() ? "unknown" : w;
    }

    List<String> workers() {
        return workers;
    }

    int row(Run r) {
        return rowOf.get(worker(r));
    }

    int rows() {
        return rows;
    }

    /** How many instances share a row: 1 unless there are more instances than rows. */
    int perRow() {
        return perRow;
    }

    /** The index of a worker in {@link #workers}, for the report's data. */
    Map<String, Integer> indexes() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < workers.size(); i++) out.put(workers.get(i), i);
        return out;
    }

    /** What a row is called: its instance, or the range of instances it holds. */
    String label(int row) {
        if (perRow == 1) return shortName(workers.get(row));
        int from = row * perRow + 1;
        int to = Math.min(workers.size(), from + perRow - 1);
        return "instances " + from + "-" + to;
    }

    String fullName(int row) {
        if (perRow == 1) return workers.get(row);
        int from = row * perRow;
        int to = Math.min(workers.size(), from + perRow);
        return String.join(", ", workers.subList(from, to));
    }

    /**
     * A log stream name short enough for the margin: Lambda's {@code 2026/11/25/[$LATEST]3f9a…} keeps its
     * end, which tells instances apart.
     */
    static String shortName(String worker) {
        if (worker.length() <= 24) return worker;
        return "…" + worker.substring(worker.length() - 23);
    }
}
