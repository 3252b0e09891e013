package io.gristmill.report;

import io.gristmill.engine.job.Durations;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Sizes;
import io.gristmill.engine.task.Counters;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskStatus;
import io.gristmill.protocol.state.Times;
import io.gristmill.report.Phases.Phase;
import io.gristmill.report.Runs.Run;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's head: the job's status (the {@code data-status} of the contract), why it failed and
 * where, its times and phases, its tasks and attempts, what it read, shuffled and wrote, its
 * counters and skipped records, and what it would cost on AWS.
 */
final class SummarySection {
    static final int LISTED_SKIPS = 50;
    static final int LISTED_FAILURES = 10;

    private SummarySection() {}

    static String html(JobSummary job, List<Run> runs, List<Phase> phases, boolean live, ReportOptions options) {
        StringBuilder sb = new StringBuilder(8192);
        String status = job.status().name();
        sb.append("<section id=\"summary\" class=\"summary status-")
                .append(status.toLowerCase(Locale.ROOT))
                .append("\" data-status=\"")
                .append(status)
                .append("\" data-job=\"")
                .append(Html.esc(job.job()))
                .append("\">");
        sb.append("<h1><span class=\"badge\">")
                .append(status)
                .append("</span> ")
                .append(Html.esc(job.name() != null ? job.name() : job.job()))
                .append("</h1>");
        sb.append("<p class=\"sub\">job <code>").append(Html.esc(job.job())).append("</code>");
        job.spec().ifPresent(s -> sb.append(" · ").append(Html.esc(what(s))));
        sb.append(" · output <code>").append(Html.esc(job.output())).append("</code>");
        if (job.trigger() != null)
            sb.append(" · started by <code>").append(Html.esc(job.trigger())).append("</code>");
        sb.append("</p>");
        if (live) running(sb, job, phases, options);
        if (job.status() == JobStatus.FAILED) failed(sb, job);
        facts(sb, job, runs, phases, live);
        counters(sb, job);
        skipped(sb, job);
        cost(sb, job, runs, options);
        sb.append("</section>");
        return sb.toString();
    }

    /** {@code app wordcount} or the classes, and the job's chaos when it has some. */
    static String what(JobSpec s) {
        String w = s.app()
                .map(a -> "app " + a)
                .orElse("mapper " + s.mapper() + ", reducer " + s.reducer()
                        + s.combiner().map(c -> ", combiner " + c).orElse(""));
        if (s.chaos().active()) w += " · chaos " + s.chaos();
        return w;
    }

    private static void running(StringBuilder sb, JobSummary job, List<Phase> phases, ReportOptions options) {
        sb.append("<p class=\"banner running\" data-live=\"true\">Still running: ")
                .append(job.status().name().toLowerCase(Locale.ROOT));
        for (Phase p : phases) {
            sb.append(" · ")
                    .append(Html.esc(p.name()))
                    .append("s ")
                    .append(p.done())
                    .append('/')
                    .append(p.kind() == TaskKind.MAP ? Math.max(job.maps(), p.tasks()) : expected(job, p));
        }
        sb.append(". This is the job as of ")
                .append(Html.esc(Times.iso(job.finished())))
                .append("; ");
        if (options.refreshSeconds() > 0) {
            sb.append("the page reloads every ")
                    .append(options.refreshSeconds())
                    .append(" s.");
        } else {
            sb.append("run <code>grist report</code> again for the latest.");
        }
        sb.append("</p>");
    }

    private static int expected(JobSummary job, Phase p) {
        return p.kind() == TaskKind.REDUCE ? Math.max(job.reducers(), p.tasks()) : p.tasks();
    }

    private static void failed(StringBuilder sb, JobSummary job) {
        sb.append("<div class=\"banner failed\"><p><b>Failed:</b> ")
                .append(Html.esc(job.error() != null ? job.error() : "(no reason was recorded)"))
                .append("</p>");
        List<String> lines = new ArrayList<>();
        for (TaskSummary t : job.tasks()) {
            if (t.status() == TaskStatus.DONE) continue;
            String last = lastError(t);
            if (last == null) continue;
            if (lines.size() == LISTED_FAILURES) {
                lines.add("<li>and more: see the task table</li>");
                break;
            }
            lines.add("<li data-failed-task=\"" + t.task() + "\"><code>" + t.task() + "</code>"
                    + (t.input() != null ? " (" + Html.esc(t.input()) + ")" : "") + ", "
                    + t.attempts().size()
                    + (t.attempts().size() == 1 ? " attempt" : " attempts") + "; last error: " + Html.esc(last)
                    + "</li>");
        }
        if (!lines.isEmpty()) sb.append("<ul>").append(String.join("", lines)).append("</ul>");
        sb.append("</div>");
    }

    /** The task's latest error: its own record of it, or its last attempt's. */
    static String lastError(TaskSummary t) {
        if (t.lastError() != null) return t.lastError();
        for (int i = t.attempts().size() - 1; i >= 0; i--) {
            Attempt a = t.attempts().get(i);
            if (a.error() != null) return a.error();
        }
        return null;
    }

    private static void facts(StringBuilder sb, JobSummary job, List<Run> runs, List<Phase> phases, boolean live) {
        sb.append("<dl class=\"facts\">");
        fact(sb, "Started", Times.iso(job.created()));
        fact(sb, live ? "As of" : "Ended", Times.iso(job.finished()));
        fact(sb, live ? "So far" : "Took", Durations.format(job.finished() - job.created()));
        fact(sb, "Phases", phases(job, phases, live));
        Map<TaskKind, int[]> done = new EnumMap<>(TaskKind.class);
        for (TaskSummary t : job.tasks()) {
            int[] c = done.computeIfAbsent(t.task().kind(), k -> new int[2]);
            c[0]++;
            if (t.status() == TaskStatus.DONE) c[1]++;
        }
        List<String> tasks = new ArrayList<>();
        tasks.add(committedOf(done.get(TaskKind.MAP), job.maps()) + " map");
        for (TaskKind k : TaskKind.values()) {
            if (k == TaskKind.MAP || k == TaskKind.REDUCE || !done.containsKey(k)) continue;
            tasks.add(committedOf(done.get(k), done.get(k)[0]) + " " + k.word());
        }
        tasks.add(committedOf(done.get(TaskKind.REDUCE), job.reducers()) + " reduce");
        int listed = job.tasks().size();
        int expected = Math.max(job.maps(), 0) + Math.max(job.reducers(), 0);
        String unlisted = !live && job.status() == JobStatus.SUCCEEDED && listed < expected
                ? " (" + Html.count(expected - listed) + " not listed in the summary)"
                : "";
        fact(sb, "Tasks", String.join(", ", tasks) + unlisted);
        fact(sb, "Attempts", attempts(runs));
        fact(
                sb,
                "Records",
                Html.count(job.counter(Counters.MAP_INPUT_RECORDS)) + " in, "
                        + Html.count(job.counter(Counters.MAP_OUTPUT_RECORDS)) + " map output, "
                        + Html.count(job.counter(Counters.REDUCE_OUTPUT_RECORDS)) + " out");
        fact(
                sb,
                "Bytes",
                Sizes.format(job.counter(Counters.MAP_INPUT_BYTES)) + " in, "
                        + Sizes.format(job.counter(Counters.REDUCE_SHUFFLE_BYTES)) + " shuffled, "
                        + Sizes.format(job.counter(Counters.REDUCE_OUTPUT_BYTES)) + " out");
        long skipped = job.counter(Counters.MAP_SKIPPED_RECORDS) + job.counter(Counters.REDUCE_SKIPPED_GROUPS);
        if (skipped > 0 || !job.skipped().isEmpty()) fact(sb, "Skipped", Html.count(skipped) + " bad records");
        if (live) sb.append("<p class=\"note\">Counters add up the tasks committed so far.</p>");
        sb.append("</dl>");
    }

    private static String committedOf(int[] counts, int expected) {
        int done = counts == null ? 0 : counts[1];
        int total = Math.max(expected, counts == null ? 0 : counts[0]);
        return done == total ? Html.count(total) : Html.count(done) + " of " + Html.count(total);
    }

    private static String phases(JobSummary job, List<Phase> phases, boolean live) {
        if (phases.isEmpty()) return live ? "planning" : "no task ran";
        List<String> parts = new ArrayList<>();
        long firstStart = phases.get(0).start();
        parts.add("planning " + Durations.format(Math.max(0, firstStart - job.created())));
        for (Phase p : phases) parts.add(p.name() + " " + Durations.format(p.end() - p.start()));
        if (!live && job.status() == JobStatus.SUCCEEDED) {
            long last = phases.get(phases.size() - 1).end();
            parts.add("publishing " + Durations.format(Math.max(0, job.finished() - last)));
        }
        return String.join(" · ", parts);
    }

    private static String attempts(List<Run> runs) {
        Map<Outcome, Integer> by = new EnumMap<>(Outcome.class);
        int backups = 0;
        for (Run r : runs) {
            by.merge(r.attempt().outcome(), 1, Integer::sum);
            if (r.backup()) backups++;
        }
        List<String> parts = new ArrayList<>();
        for (Outcome o :
                List.of(Outcome.COMMITTED, Outcome.SUPERSEDED, Outcome.FAILED, Outcome.LOST, Outcome.RUNNING)) {
            Integer n = by.get(o);
            if (n != null) parts.add(Html.count(n) + " " + o.word());
        }
        String s = Html.count(runs.size()) + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
        if (backups > 0) s += "; " + backups + (backups == 1 ? " backup" : " backups");
        return s;
    }

    private static void fact(StringBuilder sb, String name, String value) {
        sb.append("<div><dt>")
                .append(Html.esc(name))
                .append("</dt><dd>")
                .append(Html.esc(value))
                .append("</dd></div>");
    }

    private static void counters(StringBuilder sb, JobSummary job) {
        if (job.counters().isEmpty()) return;
        sb.append("<details class=\"counters\"><summary>Counters (")
                .append(job.counters().size())
                .append(")</summary><table><tbody>");
        job.counters()
                .forEach((k, v) -> sb.append("<tr><th>")
                        .append(Html.esc(k))
                        .append("</th><td>")
                        .append(Html.count(v))
                        .append("</td></tr>"));
        sb.append("</tbody></table></details>");
    }

    private static void skipped(StringBuilder sb, JobSummary job) {
        if (job.skipped().isEmpty()) return;
        sb.append("<details class=\"skipped\"><summary>Skipped records (")
                .append(Html.count(job.skipped().size()))
                .append(")</summary><ul>");
        for (String s :
                job.skipped().subList(0, Math.min(LISTED_SKIPS, job.skipped().size()))) {
            sb.append("<li><code>").append(Html.esc(s)).append("</code></li>");
        }
        if (job.skipped().size() > LISTED_SKIPS) {
            sb.append("<li>and ")
                    .append(Html.count(job.skipped().size() - LISTED_SKIPS))
                    .append(" more, in _JOB.json</li>");
        }
        sb.append("</ul></details>");
    }

    private static void cost(StringBuilder sb, JobSummary job, List<Run> runs, ReportOptions options) {
        CostEstimate c = CostEstimate.of(job, runs, options.mapMemoryMb(), options.reduceMemoryMb());
        sb.append("<details class=\"cost\" data-cost=\"")
                .append(String.format(Locale.ROOT, "%.6f", c.totalDollars()))
                .append("\"><summary>On AWS: about ")
                .append(dollars(c.totalDollars()))
                .append(", ")
                .append(Html.count(c.s3Reads() + c.s3Writes() + c.tableReads() + c.tableWrites() + c.sqsRequests()))
                .append(" requests (estimated)</summary><table><tbody>");
        row(
                sb,
                "Lambda",
                String.format(Locale.ROOT, "%.1f GB-s", c.lambdaGbSeconds()) + " (map "
                        + options.mapMemoryMb() + " MB, reduce " + options.reduceMemoryMb() + " MB), "
                        + Html.count(c.invocations()) + " invocations",
                c.lambdaDollars());
        row(sb, "S3", Html.count(c.s3Reads()) + " GET, " + Html.count(c.s3Writes()) + " PUT/COPY/LIST", c.s3Dollars());
        row(
                sb,
                "DynamoDB",
                Html.count(c.tableWrites()) + " writes, " + Html.count(c.tableReads()) + " reads",
                c.tableDollars());
        row(sb, "SQS", Html.count(c.sqsRequests()) + " requests", c.sqsDollars());
        sb.append("</tbody></table><p class=\"note\">Lambda time is the attempts' own; requests follow the"
                        + " protocol's request model (docs/deploy.md, \"What a job costs\"); us-east-1 list prices of ")
                .append(CostEstimate.PRICES_DATE)
                .append(". The bill is the authority.</p></details>");
    }

    private static void row(StringBuilder sb, String what, String figures, double dollars) {
        sb.append("<tr><th>")
                .append(Html.esc(what))
                .append("</th><td>")
                .append(Html.esc(figures))
                .append("</td><td>")
                .append(dollars(dollars))
                .append("</td></tr>");
    }

    static String dollars(double d) {
        if (d >= 1) return String.format(Locale.ROOT, "$%.2f", d);
        return String.format(Locale.ROOT, "$%.5f", d);
    }
}
