package io.gristmill.report;

import io.gristmill.engine.task.Counters;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.report.Runs.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MapReduce paper's Figure 3: the rate at which a job reads its input, shuffles, and writes its
 * output, over time. Each task's bytes (its committed attempt's counters) are spread evenly over that
 * attempt's run and summed into time bins. Attempts whose output was dropped did the same work again,
 * but their counts were not kept, so the rates show the work that counted.
 */
final class Rates {
    static final double MB = 1024.0 * 1024.0;

    private Rates() {}

    /** One curve: MB/s in each bin. */
    record Series(String name, String title, double[] mbPerSecond, long totalBytes) {
        double peak() {
            double p = 0;
            for (double v : mbPerSecond) p = Math.max(p, v);
            return p;
        }
    }

    record Chart(long t0, double binMillis, List<Series> series) {}

    /** The curves: what they count, and from which tasks. */
    private record Curve(String name, String title, TaskKind kind, String counter) {}

    private static final List<Curve> CURVES = List.of(
            new Curve("input", "Input (MB/s)", TaskKind.MAP, Counters.MAP_INPUT_BYTES),
            new Curve("shuffle", "Shuffle (MB/s)", TaskKind.REDUCE, Counters.REDUCE_SHUFFLE_BYTES),
            new Curve("output", "Output (MB/s)", TaskKind.REDUCE, Counters.REDUCE_OUTPUT_BYTES));

    static Chart of(List<Run> runs, TimeScale scale, int bins) {
        double binMillis = (double) scale.span() / bins;
        Map<Integer, List<Run>> byTask = new LinkedHashMap<>();
        for (Run r : runs)
            byTask.computeIfAbsent(r.taskIndex(), k -> new ArrayList<>()).add(r);
        List<Series> series = new ArrayList<>();
        for (Curve c : CURVES) {
            double[] bytes = new double[bins];
            long total = 0;
            for (List<Run> taskRuns : byTask.values()) {
                TaskSummary t = taskRuns.get(0).task();
                if (t.task().kind() != c.kind()) continue;
                long b = t.counters().getOrDefault(c.counter(), 0L);
                Run committed = Runs.committed(taskRuns);
                if (b <= 0 || committed == null) continue;
                total += b;
                spread(bytes, b, committed.start() - scale.t0(), committed.end() - scale.t0(), binMillis);
            }
            double[] rate = new double[bins];
            for (int i = 0; i < bins; i++) rate[i] = bytes[i] / MB / (binMillis / 1000.0);
            series.add(new Series(c.name(), c.title(), rate, total));
        }
        return new Chart(scale.t0(), binMillis, series);
    }

    /** Adds {@code bytes} to the bins over {@code [from, to)} (milliseconds from t0), in proportion. */
    static void spread(double[] bins, long bytes, long from, long to, double binMillis) {
        int n = bins.length;
        if (to <= from) {
            bins[clamp((int) (from / binMillis), n)] += bytes;
            return;
        }
        double perMilli = (double) bytes / (to - from);
        int first = clamp((int) (from / binMillis), n);
        int last = clamp((int) ((to - 1) / binMillis), n);
        for (int i = first; i <= last; i++) {
            double lo = Math.max(from, i * binMillis);
            double hi = Math.min(to, (i + 1) * binMillis);
            if (i == n - 1) hi = to; // whatever rounding leaves past the last bin lands in it
            if (i == 0) lo = Math.min(lo, from);
            if (hi > lo) bins[i] += (hi - lo) * perMilli;
        }
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }
}
