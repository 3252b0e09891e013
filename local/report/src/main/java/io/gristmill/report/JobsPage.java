package io.gristmill.report;

import io.gristmill.engine.job.Durations;
import io.gristmill.engine.json.Json;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.Times;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The dashboard's page of jobs: one row each, newest first, refreshed in place while the page is open. */
final class JobsPage {
    private JobsPage() {}

    /** One job's line: its record (status, phase counts) and its summary's attempts and failures. */
    record Row(JobRecord job, JobSummary summary, int attempts, int failures, long now) {}

    static String html(List<Row> rows, List<PipelineRecord> pipelines) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Gristmill jobs</h1><p class=\"sub\">The stack's jobs, newest first; this page updates every ")
                .append(Dashboard.REFRESH_SECONDS)
                .append(" s <span id=\"state\"></span></p>");
        body.append("<table id=\"jobs\"><thead><tr><th>Status</th><th>Job</th><th>Started</th><th>Took</th>"
                + "<th>Maps</th><th>Reduces</th><th>Attempts</th><th>Failures</th><th></th></tr></thead>");
        body.append("<tbody>").append(rows(rows)).append("</tbody></table>");
        if (!pipelines.isEmpty()) {
            body.append("<h2>Pipelines</h2><table id=\"pipelines\"><thead><tr><th>Status</th><th>Pipeline</th>"
                    + "<th>Started</th><th>Took</th><th>Stages done</th><th></th></tr></thead><tbody>");
            for (PipelineRecord p : pipelines) {
                int stages = p.definition().map(d -> d.stages().size()).orElse(0);
                long end = p.finishedAt() != null
                        ? p.finishedAt()
                        : rows.isEmpty() ? p.createdAt() : rows.get(0).now();
                body.append("<tr data-pipeline=\"")
                        .append(Html.esc(p.pipelineId()))
                        .append("\" data-status=\"")
                        .append(p.status().name())
                        .append("\"><td><span class=\"badge ")
                        .append(p.status().name().toLowerCase(Locale.ROOT))
                        .append("\">")
                        .append(p.status().name())
                        .append("</span></td><td>")
                        .append(Html.esc(p.name() != null ? p.name() : p.pipelineId()))
                        .append("<br><code>")
                        .append(Html.esc(p.pipelineId()))
                        .append("</code></td><td>")
                        .append(Html.esc(Times.iso(p.createdAt())))
                        .append("</td><td>")
                        .append(Html.esc(Durations.format(Math.max(0, end - p.createdAt()))))
                        .append("</td><td>")
                        .append(p.results().size())
                        .append(stages > 0 ? " of " + stages : "")
                        .append("</td><td class=\"error\">")
                        .append(Html.esc(p.error() != null ? p.error() : ""))
                        .append("</td></tr>");
            }
            body.append("</tbody></table><p class=\"note\">A pipeline's stages are jobs: each is listed above.</p>");
        }
        body.append("<script>").append(Html.resource("dashboard.js")).append("</script>");
        return page("Gristmill jobs", body.toString(), true);
    }

    static String rows(List<Row> rows) {
        if (rows.isEmpty()) {
            return "<tr class=\"none\"><td colspan=\"9\">No jobs yet: start one with <code>grist submit</code>, or"
                    + " upload a manifest to <code>jobs/</code> in the stack's bucket.</td></tr>";
        }
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            JobRecord j = r.job();
            long end = j.finishedAt() != null ? j.finishedAt() : r.now();
            String link = "jobs/" + URLEncoder.encode(j.jobId(), StandardCharsets.UTF_8);
            sb.append("<tr data-job=\"")
                    .append(Html.esc(j.jobId()))
                    .append("\" data-status=\"")
                    .append(j.status().name())
                    .append("\"><td><span class=\"badge ")
                    .append(j.status().name().toLowerCase(Locale.ROOT))
                    .append("\">")
                    .append(j.status().name())
                    .append("</span></td><td><a href=\"")
                    .append(Html.esc(link))
                    .append("\">")
                    .append(Html.esc(j.name() != null ? j.name() : j.jobId()))
                    .append("</a><br><code>")
                    .append(Html.esc(j.jobId()))
                    .append("</code></td><td>")
                    .append(Html.esc(Times.iso(j.createdAt())))
                    .append("</td><td>")
                    .append(Html.esc(Durations.format(Math.max(0, end - j.createdAt()))))
                    .append("</td><td data-maps>")
                    .append(phase(j.mapsDone(), j.maps()))
                    .append("</td><td data-reduces>")
                    .append(phase(j.reducesDone(), j.reducers()))
                    .append("</td><td data-attempts>")
                    .append(r.attempts())
                    .append("</td><td data-failures")
                    .append(r.failures() > 0 ? " class=\"bad\"" : "")
                    .append('>')
                    .append(r.failures())
                    .append("</td><td class=\"error\">")
                    .append(Html.esc(
                            j.status() == JobStatus.FAILED && j.error() != null ? shorten(j.error(), 160) : ""))
                    .append("</td></tr>");
        }
        return sb.toString();
    }

    private static String phase(int done, int total) {
        if (total < 0) return "";
        return done + "/" + total;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    static String json(List<Row> rows) {
        List<Object> jobs = new ArrayList<>();
        for (Row r : rows) {
            JobRecord j = r.job();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", j.jobId());
            m.put("name", j.name());
            m.put("status", j.status().name());
            m.put("created", Times.iso(j.createdAt()));
            if (j.finishedAt() != null) m.put("finished", Times.iso(j.finishedAt()));
            m.put("maps", j.maps());
            m.put("mapsDone", j.mapsDone());
            m.put("reducers", j.reducers());
            m.put("reducesDone", j.reducesDone());
            m.put("attempts", r.attempts());
            m.put("failures", r.failures());
            if (j.error() != null) m.put("error", j.error());
            m.put("report", "jobs/" + j.jobId());
            jobs.add(m);
        }
        return Json.writePretty(Map.of("jobs", jobs));
    }

    /** A page of the dashboard, with its styles; {@code polls} lets its script ask the dashboard for rows. */
    static String page(String title, String body, boolean polls) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " script-src 'unsafe-inline'" + (polls ? "; connect-src 'self'" : "") + "\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + Html.esc(title)
                + "</title><script>" + Html.resource("errors.js") + "</script><style>" + Html.resource("report.css")
                + DASHBOARD_CSS + "</style></head><body>" + body + "</body></html>\n";
    }

    private static final String DASHBOARD_CSS =
            "#jobs td, #pipelines td { padding: 5px 14px 5px 0; vertical-align: top; }"
                    + " .badge.succeeded { background: #dafbe1; color: #116329; }"
                    + " .badge.failed { background: #ffebe9; color: #a40e26; }"
                    + " .badge.running, .badge.planning, .badge.mapping, .badge.merging, .badge.reducing"
                    + " { background: #ddf4ff; color: #0550ae; }"
                    + " td.bad { color: #c0392b; font-weight: 600; } td.error { color: #a40e26; max-width: 380px;"
                    + " white-space: normal; font-size: 12.5px; } #state { color: #a40e26; }";
}
