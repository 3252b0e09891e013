package io.gristmill.report;

import io.gristmill.engine.job.Durations;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.PipelineSummary;
import io.gristmill.protocol.state.Times;
import io.gristmill.report.Phases.Phase;
import io.gristmill.report.Runs.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job explained in one self-contained HTML page: its summary, a timeline of every attempt on the
 * function instance that ran it, the input, shuffle and output rates over time (the MapReduce paper's
 * Figure 3), and a table of its tasks. Styles, script and data are inline and the page makes no
 * request (its Content-Security-Policy forbids any), so it opens from disk, from an e-mail or from S3.
 *
 * <p>The markup is a contract for tests and tools: the summary carries {@code data-status} (the job's
 * status), each attempt's bar carries {@code data-task}, {@code data-attempt} (the attempt's id) and
 * {@code data-outcome} (its outcome as {@code _JOB.json} words it), and the rate chart is the
 * {@code svg[data-chart=rates]}. The script records its own errors on the root element's
 * {@code data-errors} and says {@code data-ready="true"} when it has built the page.
 */
public final class JobReport {
    /** Bins of the rate chart: five pixels each. */
    static final int RATE_BINS = 188;

    private JobReport() {}

    /** The report of a finished job, made now. */
    public static String html(JobSummary job) {
        return html(job, Optional.empty(), ReportOptions.file());
    }

    /**
     * The report of a job, finished or not (a job still running is shown as of the summary's
     * {@code finished} time, which is then "now"), with its pipeline when it is a pipeline's stage.
     */
    public static String html(JobSummary job, Optional<PipelineSummary> pipeline, ReportOptions options) {
        boolean live = !job.status().finished();
        List<Run> runs = Runs.of(job);
        long t1 = job.finished();
        for (Run r : runs) t1 = Math.max(t1, r.end());
        TimeScale scale = TimeScale.of(job.created(), t1);
        Lanes lanes = Lanes.of(runs, Timeline.MAX_ROWS);
        List<Phase> phases = Phases.of(job, runs);

        StringBuilder sb = new StringBuilder(64 * 1024 + runs.size() * 230);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
                + " 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">");
        if (live && options.refreshSeconds() > 0) {
            sb.append("<meta http-equiv=\"refresh\" content=\"")
                    .append(options.refreshSeconds())
                    .append("\">");
        }
        sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.append("<meta name=\"generator\" content=\"Gristmill\">");
        sb.append("<title>")
                .append(Html.esc(
                        (live ? "[running] " : "[" + job.status().name().toLowerCase() + "] ")
                                + (job.name() != null ? job.name() : job.job())))
                .append(" · Gristmill</title>");
        // First of all, so that it sees the errors of everything after it (see the class comment).
        sb.append("<script>").append(Html.resource("errors.js")).append("</script>");
        sb.append("<style>").append(Html.resource("report.css")).append("</style></head><body>");
        if (options.backLink() != null) {
            sb.append("<nav><a href=\"").append(Html.esc(options.backLink())).append("\">← all jobs</a></nav>");
        }
        sb.append(SummarySection.html(job, runs, phases, live, options));
        pipeline.ifPresent(p -> sb.append(pipelineSection(p, job.job())));

        sb.append("<section id=\"timeline\"><h2>Timeline</h2>");
        sb.append(legend());
        sb.append("<div class=\"scroll\">")
                .append(Timeline.svg(runs, lanes, scale, phases))
                .append("</div>");
        sb.append("<p class=\"note\">One row per function instance (its log stream), one bar per attempt."
                + " A lost attempt never reported back: it crashed, or it was still running when this"
                + " summary was made; its bar ends where its task's next attempt began. A backup started"
                + " while an earlier attempt of its task (the straggler) was still running.</p>");
        sb.append("</section>");

        sb.append("<section id=\"rates\"><h2>Input, shuffle and output rates</h2>");
        sb.append("<div class=\"scroll\">")
                .append(RateChart.svg(Rates.of(runs, scale, RATE_BINS), scale))
                .append("</div>");
        sb.append("<p class=\"note\">As in Figure 3 of the MapReduce paper. Each task's bytes, from its"
                + " committed attempt's counters, are spread evenly over that attempt's run; a reduce task"
                + " shuffles, then sorts, reduces and writes, so its two curves overlap.</p>");
        sb.append("</section>");

        sb.append("<section id=\"tasks\"><h2>Tasks</h2>");
        sb.append("<p class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"filter: m-00003, lost,"
                + " backup, a file name…\" aria-label=\"filter the tasks\"> <span id=\"shown\"></span></p>");
        sb.append("<table id=\"task-table\" data-tasks=\"")
                .append(job.tasks().size())
                .append("\"><thead><tr>");
        for (String[] c : COLUMNS) {
            sb.append("<th data-key=\"")
                    .append(c[0])
                    .append("\" title=\"")
                    .append(Html.esc(c[2]))
                    .append("\">")
                    .append(Html.esc(c[1]))
                    .append("</th>");
        }
        sb.append("</tr></thead><tbody></tbody></table>");
        sb.append("<p><button id=\"more\" type=\"button\" hidden>show all</button></p>");
        sb.append("<noscript><p class=\"note\">The task table is built by the page's script;"
                + " _JOB.json lists every task.</p></noscript>");
        sb.append("</section>");

        sb.append("<footer>Made by Gristmill at ")
                .append(Html.esc(Times.iso(options.generatedAt())))
                .append(" from ")
                .append(live ? "the job's table (it is still running)" : "the job's summary")
                .append(". Job ")
                .append(Html.esc(job.job()))
                .append(", ")
                .append(Html.esc(Durations.format(job.finished() - job.created())))
                .append(".</footer>");
        sb.append("<div id=\"tip\" role=\"tooltip\" hidden></div>");
        sb.append("<script type=\"application/json\" id=\"gm-data\">")
                .append(Html.scriptJson(data(job, runs, lanes)))
                .append("</script>");
        sb.append("<script>").append(Html.resource("report.js")).append("</script>");
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** The task table's columns: key, heading, what it shows. */
    private static final String[][] COLUMNS = {
        {"task", "Task", "the task's name: m- map, r- reduce"},
        {"input", "Input", "what the task reads"},
        {"attempts", "Attempts", "how many attempts ran"},
        {"outcomes", "Outcomes", "each attempt's outcome, in order"},
        {"time", "Time", "the committed attempt's run (or the longest so far)"},
        {"span", "Span", "from the task's first start to its commit"},
        {"start", "Start", "when its first attempt started, from the job's start"},
        {"in", "In", "bytes read (a reduce task's: shuffled)"},
        {"out", "Out", "bytes written"},
        {"rin", "Records in", "records read"},
        {"rout", "Records out", "records written"}
    };

    private static String legend() {
        StringBuilder sb = new StringBuilder("<p class=\"legend\">");
        for (String o : List.of("committed", "superseded", "failed", "lost", "running")) {
            sb.append("<span class=\"key\"><i class=\"sw sw-")
                    .append(o)
                    .append("\"></i>")
                    .append(o);
            sb.append("</span>");
        }
        sb.append("<span class=\"key\"><i class=\"sw sw-backup\"></i>backup</span>");
        sb.append("<span class=\"key\"><i class=\"sw sw-straggler\"></i>straggler</span>");
        sb.append("<span class=\"key\"><i class=\"sw sw-unknown\"></i>lost: end unknown</span>");
        return sb.append("</p>").toString();
    }

    private static String pipelineSection(PipelineSummary p, String thisJob) {
        StringBuilder sb = new StringBuilder("<section id=\"pipeline\" data-pipeline-status=\"")
                .append(p.status().name())
                .append("\"><h2>Pipeline ")
                .append(Html.esc(p.name() != null ? p.name() : p.pipeline()))
                .append(" <span class=\"badge\">")
                .append(p.status().name())
                .append("</span></h2>");
        if (p.error() != null)
            sb.append("<p class=\"banner failed\">").append(Html.esc(p.error())).append("</p>");
        sb.append("<table><thead><tr><th>Stage</th><th>Job</th><th>Status</th><th>Took</th><th>Records out</th>"
                + "</tr></thead><tbody>");
        for (PipelineSummary.Stage s : p.stages()) {
            for (PipelineSummary.Run r : s.runs()) {
                sb.append(r.job().equals(thisJob) ? "<tr class=\"this\">" : "<tr>")
                        .append("<td>")
                        .append(s.index() + 1)
                        .append(' ')
                        .append(Html.esc(s.name()))
                        .append(r.iteration() > 1 ? " #" + r.iteration() : "")
                        .append("</td><td><code>")
                        .append(Html.esc(r.job()))
                        .append("</code></td><td>")
                        .append(r.status().name())
                        .append(r.error() != null ? ": " + Html.esc(r.error()) : "")
                        .append("</td><td>")
                        .append(r.finished() != null ? Html.esc(Durations.format(r.finished() - r.created())) : "")
                        .append("</td><td>")
                        .append(Html.count(r.counters().getOrDefault("reduce.output.records", 0L)))
                        .append("</td></tr>");
            }
        }
        return sb.append("</tbody></table></section>").toString();
    }

    /**
     * What the script needs for the task table and the bars' tooltips, in arrays to keep large jobs'
     * files small:
     *
     * <pre>
     * tasks: [[name, input, bytesIn, bytesOut, recordsIn, recordsOut,
     *          [[delivery, worker, startMs, millis, outcome, flags, error?], ...]], ...]
     * </pre>
     *
     * Attempts come in the order of the timeline's bars (whose {@code data-attempt} is their id); times
     * are milliseconds from the job's start; {@code worker} indexes {@code workers}, {@code outcome}
     * {@code outcomes}; {@code flags} are 1 backup, 2 straggler, 4 end unknown, 8 running, 16 its output
     * is the task's. An input {@code "books/a.txt bytes 0-65536"} is {@code [source, 0, 65536]}, with
     * {@code source} indexing {@code sources}.
     */
    static Map<String, Object> data(JobSummary job, List<Run> runs, Lanes lanes) {
        Map<String, Integer> workerIndex = lanes.indexes();
        Map<Integer, List<Run>> byTask = new LinkedHashMap<>();
        for (Run r : runs)
            byTask.computeIfAbsent(r.taskIndex(), k -> new ArrayList<>()).add(r);
        Map<String, Integer> sources = new LinkedHashMap<>();
        List<Object> tasks = new ArrayList<>(job.tasks().size());
        for (int i = 0; i < job.tasks().size(); i++) {
            TaskSummary t = job.tasks().get(i);
            TaskBytes b = TaskBytes.of(t);
            List<Run> taskRuns = byTask.getOrDefault(i, List.of());
            Run committed = Runs.committed(taskRuns);
            List<Object> attempts = new ArrayList<>(taskRuns.size());
            for (Run r : taskRuns) {
                int flags = (r.backup() ? 1 : 0)
                        | (r.straggler() ? 2 : 0)
                        | (!r.endKnown() && !r.running() ? 4 : 0)
                        | (r.running() ? 8 : 0)
                        | (r == committed ? 16 : 0);
                List<Object> a = new ArrayList<>(7);
                a.add(r.attempt().delivery());
                a.add(workerIndex.get(Lanes.worker(r)));
                a.add(r.start() - job.created());
                a.add(r.millis());
                a.add(r.attempt().outcome().ordinal());
                a.add(flags);
                if (r.attempt().error() != null) a.add(r.attempt().error());
                attempts.add(a);
            }
            List<Object> row = new ArrayList<>(7);
            row.add(t.task().toString());
            row.add(input(t.input(), sources));
            row.add(b.bytesIn());
            row.add(b.bytesOut());
            row.add(b.recordsIn());
            row.add(b.recordsOut());
            row.add(attempts);
            tasks.add(row);
        }
        List<String> outcomes = new ArrayList<>();
        for (Outcome o : Outcome.values()) outcomes.add(o.word());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", job.job());
        m.put("outcomes", outcomes);
        m.put("workers", lanes.workers());
        m.put("sources", new ArrayList<>(sources.keySet()));
        m.put("tasks", tasks);
        return m;
    }

    private static final Pattern RANGE = Pattern.compile("(.+) bytes ([0-9]{1,18})-([0-9]{1,18})");

    /** A map task's input, {@code books/a.txt bytes 0-65536}, with its object named once for all its tasks. */
    private static Object input(String input, Map<String, Integer> sources) {
        if (input == null) return null;
        Matcher m = RANGE.matcher(input);
        if (!m.matches()) return input;
        Integer source = sources.computeIfAbsent(m.group(1), k -> sources.size());
        return List.of(source, Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }
}
