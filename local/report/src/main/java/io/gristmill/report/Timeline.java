package io.gristmill.report;

import io.gristmill.engine.job.Durations;
import io.gristmill.report.Phases.Phase;
import io.gristmill.report.Runs.Run;
import java.util.List;

/**
 * The timeline: one row per function instance, one bar per attempt from its start to its end,
 * coloured by outcome (the stylesheet keys on {@code data-outcome}), with backups and stragglers
 * marked and the phases drawn above. Each bar carries {@code data-task}, {@code data-attempt} (the
 * attempt's id) and {@code data-outcome}: the report's contract with tests and tools.
 */
final class Timeline {
    /** Rows at most; more instances share rows (see {@link Lanes}). */
    static final int MAX_ROWS = 300;

    private static final int TOP = 44;

    private Timeline() {}

    static int rowHeight(int rows) {
        if (rows <= 24) return 18;
        if (rows <= 48) return 10;
        if (rows <= 120) return 5;
        if (rows <= 200) return 3;
        return 2;
    }

    static String svg(List<Run> runs, Lanes lanes, TimeScale scale, List<Phase> phases) {
        int rowH = rowHeight(lanes.rows());
        int barH = rowH >= 10 ? rowH - 4 : rowH >= 5 ? rowH - 1 : rowH;
        int height = TOP + Math.max(1, lanes.rows()) * rowH + 6;
        StringBuilder sb = new StringBuilder(256 + runs.size() * 120);
        sb.append("<svg class=\"timeline\" data-chart=\"timeline\" data-rows=\"")
                .append(lanes.rows())
                .append("\" data-instances=\"")
                .append(lanes.workers().size())
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(Html.num(scale.totalWidth()))
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(Html.num(scale.totalWidth()))
                .append(' ')
                .append(height)
                .append("\">");
        sb.append("<defs><linearGradient id=\"gm-fade\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">"
                + "<stop offset=\"0\" stop-color=\"#c0392b\"/><stop offset=\"1\" stop-color=\"#c0392b\""
                + " stop-opacity=\"0.08\"/></linearGradient></defs>");
        // Stripes behind the rows, so that a bar is easy to follow to its instance.
        sb.append("<g class=\"rows\">");
        for (int row = 0; row < lanes.rows(); row += 2) {
            sb.append("<rect x=\"")
                    .append(Html.num(scale.left()))
                    .append("\" y=\"")
                    .append(TOP + row * rowH)
                    .append("\" width=\"")
                    .append(Html.num(scale.width()))
                    .append("\" height=\"")
                    .append(rowH)
                    .append("\"/>");
        }
        sb.append("</g>");
        scale.axis(sb, 14, height - 4);
        phaseBands(sb, scale, phases, height);
        labels(sb, lanes, rowH);
        sb.append("<g class=\"bars\">");
        for (Run r : runs) bar(sb, r, lanes, scale, rowH, barH);
        sb.append("</g>");
        if (runs.isEmpty()) {
            sb.append("<text class=\"empty\" x=\"")
                    .append(Html.num(scale.left() + 8))
                    .append("\" y=\"")
                    .append(TOP + 13)
                    .append("\">no task has started</text>");
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static void phaseBands(StringBuilder sb, TimeScale scale, List<Phase> phases, int height) {
        sb.append("<g class=\"phases\">");
        for (Phase p : phases) {
            double x1 = scale.x(p.start());
            double x2 = Math.max(x1 + 1, scale.x(p.end()));
            sb.append("<g data-phase=\"")
                    .append(Html.esc(p.name()))
                    .append("\"><rect class=\"band band-")
                    .append(Html.esc(p.name()))
                    .append("\" x=\"")
                    .append(Html.num(x1))
                    .append("\" y=\"18\" width=\"")
                    .append(Html.num(x2 - x1))
                    .append("\" height=\"16\"><title>")
                    .append(Html.esc(p.name() + " phase: " + Durations.format(p.end() - p.start()) + ", " + p.done()
                            + " of " + p.tasks() + " tasks committed"))
                    .append("</title></rect>");
            if (x2 - x1 > 40) {
                sb.append("<text x=\"")
                        .append(Html.num(x1 + 4))
                        .append("\" y=\"30\">")
                        .append(Html.esc(p.name() + " " + Durations.format(p.end() - p.start())))
                        .append("</text>");
            }
            sb.append("<line class=\"boundary\" x1=\"")
                    .append(Html.num(x2))
                    .append("\" x2=\"")
                    .append(Html.num(x2))
                    .append("\" y1=\"18\" y2=\"")
                    .append(height - 4)
                    .append("\"/></g>");
        }
        sb.append("</g>");
    }

    private static void labels(StringBuilder sb, Lanes lanes, int rowH) {
        sb.append("<g class=\"lanes\">");
        if (rowH >= 10) {
            for (int row = 0; row < lanes.rows(); row++) {
                sb.append("<text x=\"")
                        .append(Html.num(TimeScale.LEFT - 6))
                        .append("\" y=\"")
                        .append(TOP + row * rowH + rowH - 5)
                        .append("\">")
                        .append(Html.esc(lanes.label(row)))
                        .append("<title>")
                        .append(Html.esc(lanes.fullName(row)))
                        .append("</title></text>");
            }
        } else {
            // Rows too thin for a name each: say what the rows are, once.
            String what = lanes.perRow() == 1
                    ? lanes.workers().size() + " instances, one per row"
                    : lanes.workers().size() + " instances, " + lanes.perRow() + " per row";
            sb.append("<text x=\"")
                    .append(Html.num(TimeScale.LEFT - 6))
                    .append("\" y=\"")
                    .append(TOP + 10)
                    .append("\">")
                    .append(Html.esc(what))
                    .append("</text>");
        }
        sb.append("</g>");
    }

    private static void bar(StringBuilder sb, Run r, Lanes lanes, TimeScale scale, int rowH, int barH) {
        double x1 = scale.x(r.start());
        double x2 = Math.max(x1 + 1, scale.x(r.end()));
        int y = TOP + lanes.row(r) * rowH + (rowH - barH) / 2;
        sb.append("<rect x=\"")
                .append(Html.num(x1))
                .append("\" y=\"")
                .append(y)
                .append("\" width=\"")
                .append(Html.num(x2 - x1))
                .append("\" height=\"")
                .append(barH)
                .append("\" data-task=\"")
                .append(r.task().task())
                .append("\" data-attempt=\"")
                .append(Html.esc(r.attempt().id()))
                .append("\" data-outcome=\"")
                .append(r.attempt().outcome().word())
                .append('"');
        if (r.backup()) sb.append(" data-backup=\"true\"");
        if (r.straggler()) sb.append(" data-straggler=\"true\"");
        if (!r.endKnown() && !r.running()) sb.append(" data-end=\"unknown\"");
        sb.append("/>");
    }
}
