package io.gristmill.local.process;

import java.util.List;

/**
 * What the process runtime saw of one function.
 *
 * @param coldStarts instances started
 * @param initMillis each instance's Init Duration (process start to its first request for work)
 * @param peakInstances the most instances alive at once
 * @param liveInstances instances alive now
 * @param invocations invocations run
 * @param timeouts invocations that timed out (their instance was killed)
 * @param exits invocations whose instance exited under them (System.exit, halt, OutOfMemoryError)
 * @param retired idle instances stopped
 */
public record FunctionStats(
        String function,
        int coldStarts,
        List<Double> initMillis,
        int peakInstances,
        int liveInstances,
        long invocations,
        int timeouts,
        int exits,
        int retired) {

    public FunctionStats {
        initMillis = List.copyOf(initMillis);
    }

    /** The median Init Duration in ms, or 0 when no instance started. */
    public double medianInitMillis() {
        if (initMillis.isEmpty()) return 0;
        List<Double> sorted = initMillis.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
