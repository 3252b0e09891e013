package io.gristmill.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The job's time on the horizontal axis, shared by the timeline and the rate charts so that they line
 * up: from the job's creation ({@code t0}) to its end, or to now for a job still running.
 *
 * @param left where the plot starts, in pixels
 * @param width the plot's width in pixels
 */
record TimeScale(long t0, long t1, double left, double width) {
    static final double LEFT = 170;
    static final double WIDTH = 940;
    static final double RIGHT = 24;

    static TimeScale of(long t0, long t1) {
        return new TimeScale(t0, Math.max(t1, t0 + 1), LEFT, WIDTH);
    }

    double totalWidth() {
        return left + width + RIGHT;
    }

    long span() {
        return t1 - t0;
    }

    double x(long t) {
        return left + (t - t0) * width / span();
    }

    /**
     * Tick marks about eight apart: every 1, 2 or 5 times a power of ten of milliseconds or seconds, or,
     * for jobs of 20 minutes and more, every 1, 2, 5, 10, 15, 30 or 60 minutes.
     */
    List<Long> ticks() {
        double raw = span() / 8.0;
        long step;
        if (span() >= MINUTES) {
            step = 60_000;
            for (long m : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 240, 480}) {
                step = m * 60_000;
                if (step >= raw) break;
            }
        } else {
            double pow = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
            double best = 10 * pow;
            for (double m : new double[] {1, 2, 5}) {
                if (m * pow >= raw) {
                    best = m * pow;
                    break;
                }
            }
            step = Math.max(1, Math.round(best));
        }
        List<Long> out = new ArrayList<>();
        for (long t = 0; t <= span(); t += step) out.add(t);
        return out;
    }

    /** Spans from here on are labelled in minutes. */
    private static final long MINUTES = 20 * 60_000;

    /** A tick's label: time from the job's start. */
    static String label(long offsetMillis, long span) {
        if (span < 2_000) return offsetMillis + " ms";
        if (span < 20_000) return Html.num(offsetMillis / 1000.0) + " s";
        if (span < MINUTES) return Math.round(offsetMillis / 1000.0) + " s";
        return offsetMillis / 60_000 + " min";
    }

    /** The time axis: a labelled vertical line at each tick, from {@code y1} down to {@code y2}. */
    void axis(StringBuilder sb, int y1, int y2) {
        sb.append("<g class=\"axis\">");
        for (long t : ticks()) {
            double x = x(t0() + t);
            sb.append("<line x1=\"")
                    .append(Html.num(x))
                    .append("\" x2=\"")
                    .append(Html.num(x))
                    .append("\" y1=\"")
                    .append(y1)
                    .append("\" y2=\"")
                    .append(y2)
                    .append("\"/><text x=\"")
                    .append(Html.num(x))
                    .append("\" y=\"11\">")
                    .append(Html.esc(label(t, span())))
                    .append("</text>");
        }
        sb.append("</g>");
    }
}
