package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;
import io.gristmill.api.TaskContext;
import java.util.Arrays;

/**
 * pagerank, one iteration: a page's new rank is {@code (1 - d) + d * (sum of the shares it
 * received)} (Brin and Page's formula, without the page count), with damping {@code d}
 * ({@code --param damping}, default 0.85). A page whose rank moved by more than {@code epsilon}
 * (default 1e-9) counts as {@code changed}: a pipeline stops repeating when none did.
 *
 * <p>Shares are summed in ascending order, not in arrival order, so a rank is the same number
 * however the shuffle delivered them, as in the sequential reference.
 */
public final class PageRankReducer implements Reducer {
    private double damping;
    private double epsilon;

    @Override
    public void setup(TaskContext context) {
        damping = number(context, "damping", "0.85");
        epsilon = number(context, "epsilon", "1e-9");
        if (damping <= 0 || damping >= 1) throw new IllegalArgumentException("parameter 'damping' must be in (0, 1)");
        if (epsilon < 0) throw new IllegalArgumentException("parameter 'epsilon' cannot be negative");
    }

    private static double number(TaskContext context, String name, String fallback) {
        String v = context.parameter(name, fallback);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a number, not '" + v + "'");
        }
    }

    @Override
    public void reduce(String page, Iterable<String> values, Emitter output) {
        double[] shares = new double[8];
        int n = 0;
        String links = "";
        Double previous = null;
        for (String v : values) {
            switch (v.charAt(0)) {
                case 'R' -> {
                    if (n == shares.length) shares = Arrays.copyOf(shares, n * 2);
                    shares[n++] = Double.parseDouble(v.substring(1));
                }
                case 'L' -> links = v.substring(1);
                case 'P' -> previous = Double.parseDouble(v.substring(1));
                default -> throw new IllegalArgumentException("unexpected value '" + v + "' for page " + page);
            }
        }
        Arrays.sort(shares, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += shares[i];
        double rank = (1 - damping) + damping * sum;
        if (previous == null || Math.abs(rank - previous) > epsilon)
            output.counter("changed").increment();
        output.emit(page, rank + "\t" + links);
    }
}
