package io.gristmill.report;

import io.gristmill.engine.job.Sizes;
import io.gristmill.report.Rates.Chart;
import io.gristmill.report.Rates.Series;

/**
 * Figure 3 as three stacked panels (input, shuffle, output), on the timeline's time axis so that a
 * rate lines up with the attempts that made it. Each panel is scaled to its own peak, as in the paper.
 */
final class RateChart {
    private static final int PANEL = 84;
    private static final int GAP = 22;
    private static final int TOP = 16;

    private RateChart() {}

    static String svg(Chart chart, TimeScale scale) {
        int n = chart.series().size();
        int height = TOP + n * (PANEL + GAP);
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<svg class=\"rates\" data-chart=\"rates\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(Html.num(scale.totalWidth()))
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(Html.num(scale.totalWidth()))
                .append(' ')
                .append(height)
                .append("\">");
        scale.axis(sb, TOP - 2, height - GAP + 4);
        for (int i = 0; i < n; i++) panel(sb, chart, chart.series().get(i), scale, TOP + i * (PANEL + GAP));
        sb.append("</svg>");
        return sb.toString();
    }

    private static void panel(StringBuilder sb, Chart chart, Series s, TimeScale scale, int top) {
        double peak = s.peak();
        int base = top + PANEL;
        sb.append("<g class=\"series series-")
                .append(Html.esc(s.name()))
                .append("\" data-series=\"")
                .append(Html.esc(s.name()))
                .append("\" data-total-bytes=\"")
                .append(s.totalBytes())
                .append("\" data-peak=\"")
                .append(Html.num(peak))
                .append("\">");
        sb.append("<rect class=\"frame\" x=\"")
                .append(Html.num(scale.left()))
                .append("\" y=\"")
                .append(top)
                .append("\" width=\"")
                .append(Html.num(scale.width()))
                .append("\" height=\"")
                .append(PANEL)
                .append("\"/>");
        sb.append("<text class=\"title\" x=\"")
                .append(Html.num(scale.left() - 8))
                .append("\" y=\"")
                .append(top + 14)
                .append("\">")
                .append(Html.esc(s.title()))
                .append("</text><text class=\"note\" x=\"")
                .append(Html.num(scale.left() - 8))
                .append("\" y=\"")
                .append(top + 30)
                .append("\">")
                .append(Html.esc(peak > 0 ? "peak " + Html.rate(peak) : "nothing yet"))
                .append("</text><text class=\"note\" x=\"")
                .append(Html.num(scale.left() - 8))
                .append("\" y=\"")
                .append(top + 44)
                .append("\">")
                .append(Html.esc(Sizes.format(s.totalBytes()) + " in all"))
                .append("</text>");
        if (peak > 0) {
            StringBuilder d = new StringBuilder("M")
                    .append(Html.num(scale.left()))
                    .append(',')
                    .append(base);
            double[] v = s.mbPerSecond();
            for (int i = 0; i < v.length; i++) {
                double x1 = scale.x(chart.t0() + Math.round(i * chart.binMillis()));
                double x2 = scale.x(chart.t0() + Math.round((i + 1) * chart.binMillis()));
                double y = base - v[i] / peak * (PANEL - 4);
                d.append('L')
                        .append(Html.num(x1))
                        .append(',')
                        .append(Html.num(y))
                        .append('L')
                        .append(Html.num(x2))
                        .append(',')
                        .append(Html.num(y));
            }
            d.append('L')
                    .append(Html.num(scale.left() + scale.width()))
                    .append(',')
                    .append(base)
                    .append('Z');
            sb.append("<path class=\"area\" d=\"").append(d).append("\"/>");
        }
        sb.append("</g>");
    }
}
