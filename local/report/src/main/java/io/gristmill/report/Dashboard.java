package io.gristmill.report;

import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.cloud.ObjectStore;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.PipelineRecord;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The live dashboard of a stack: its jobs, newest first, with their status and progress (maps and
 * reduces done, attempts, failures), each linking to its report, which reloads while the job runs.
 * A plain request handler, so any HTTP server can serve it (the local stack's edge mounts it at
 * {@code /_gristmill/}):
 *
 * <pre>
 * GET {base}                    the jobs page (it refreshes its rows every 2 s)
 * GET {base}?rows               just the rows, for that refresh
 * GET {base}jobs.json           the jobs and their progress, as JSON
 * GET {base}jobs/{id}           a job's report, live while it runs
 * GET {base}jobs/{id}/summary.json   its summary, as _JOB.json (or as it would be now)
 * </pre>
 *
 * <p>Finished jobs' summaries never change, so they are kept (the last {@value #CACHED}); a running
 * job is read from the table at each request.
 */
public final class Dashboard {
    static final int CACHED = 200;
    static final int LISTED = 50;
    static final int REFRESH_SECONDS = 2;

    /** An answer: status, content type, body, and headers beyond those. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        static Response html(int status, String html) {
            return new Response(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), NO_STORE);
        }

        static Response json(String json) {
            return new Response(
                    200, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8), NO_STORE);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    private final JobTable table;
    private final JobReports reports;
    private final String base;
    private final LongSupplier clock;
    private final Map<String, JobSummary> finished = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JobSummary> eldest) {
            return size() > CACHED;
        }
    };

    /**
     * @param base the path the dashboard is mounted at, e.g. {@code /_gristmill/} (ending in '/')
     */
    public Dashboard(JobTable table, ObjectStore objects, String base) {
        this(table, objects, base, System::currentTimeMillis);
    }

    Dashboard(JobTable table, ObjectStore objects, String base, LongSupplier clock) {
        if (!base.startsWith("/") || !base.endsWith("/")) {
            throw new IllegalArgumentException("the dashboard's base path starts and ends with '/': " + base);
        }
        this.table = table;
        this.reports = new JobReports(table, objects);
        this.base = base;
        this.clock = clock;
    }

    public String base() {
        return base;
    }

    /**
     * Answers one request.
     *
     * @param path the request's path, still URL-encoded, starting with the base (or equal to the base
     *     without its last '/')
     * @param query the query string without '?', or ""
     */
    public Response handle(String method, String path, String query) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Response(
                    405,
                    "text/plain; charset=utf-8",
                    "the dashboard only reads: use GET\n".getBytes(StandardCharsets.UTF_8),
                    Map.of("Allow", "GET, HEAD"));
        }
        if (path.equals(base.substring(0, base.length() - 1))) {
            return new Response(301, "text/plain; charset=utf-8", new byte[0], Map.of("Location", base));
        }
        if (!path.startsWith(base)) return notFound("nothing at " + path);
        String rest = URLDecoder.decode(path.substring(base.length()), StandardCharsets.UTF_8);
        try {
            if (rest.isEmpty() || rest.equals("index.html")) {
                List<JobsPage.Row> rows = rows();
                boolean rowsOnly = query != null && (query.equals("rows") || query.startsWith("rows="));
                return Response.html(200, rowsOnly ? JobsPage.rows(rows) : JobsPage.html(rows, pipelines()));
            }
            if (rest.equals("jobs.json")) return Response.json(JobsPage.json(rows()));
            if (rest.startsWith("jobs/")) {
                String id = rest.substring("jobs/".length());
                boolean json = id.endsWith("/summary.json");
                if (json) id = id.substring(0, id.length() - "/summary.json".length());
                if (id.endsWith("/")) id = id.substring(0, id.length() - 1);
                Optional<JobRecord> job = table.job(id);
                if (job.isEmpty() || id.contains("/")) return notFound("no job " + id + " in this stack");
                JobSummary summary = summary(job.get());
                if (json) return Response.json(summary.toJson());
                ReportOptions options =
                        ReportOptions.live(REFRESH_SECONDS, base).at(clock.getAsLong());
                return Response.html(200, JobReport.html(summary, reports.pipeline(job.get()), options));
            }
            return notFound("nothing at " + path);
        } catch (IOException | RuntimeException e) {
            return Response.html(
                    503,
                    JobsPage.page(
                            "Gristmill: the stack did not answer",
                            "<p class=\"banner failed\">Could not read the stack: " + Html.esc(e.toString())
                                    + "</p><p><a href=\"" + Html.esc(base) + "\">try again</a></p>",
                            false));
        }
    }

    private Response notFound(String what) {
        return Response.html(
                404,
                JobsPage.page(
                        "Gristmill: not found",
                        "<p>" + Html.esc(what) + ".</p><p><a href=\"" + Html.esc(base) + "\">all jobs</a></p>",
                        false));
    }

    /** A finished job's summary once (kept), a running job's as of now. */
    private JobSummary summary(JobRecord job) throws IOException {
        if (job.status().finished()) {
            synchronized (finished) {
                JobSummary kept = finished.get(job.jobId());
                if (kept != null) return kept;
            }
            JobSummary s = reports.summary(job, clock.getAsLong());
            synchronized (finished) {
                finished.put(job.jobId(), s);
            }
            return s;
        }
        return reports.summary(job, clock.getAsLong());
    }

    private List<JobsPage.Row> rows() throws IOException {
        long now = clock.getAsLong();
        List<JobsPage.Row> rows = new ArrayList<>();
        for (JobRecord job : table.recentJobs(LISTED, now)) {
            JobSummary s = summary(job);
            int attempts = 0;
            int failures = 0;
            for (TaskSummary t : s.tasks()) {
                List<Attempt> as = t.attempts();
                attempts += as.size();
                for (int i = 0; i < as.size(); i++) {
                    Outcome o = as.get(i).outcome();
                    // A running attempt with a later one beside it never reported back: it died (or straggles).
                    boolean silent = o == Outcome.RUNNING && i < as.size() - 1;
                    if (o == Outcome.FAILED || o == Outcome.LOST || silent) failures++;
                }
            }
            rows.add(new JobsPage.Row(job, s, attempts, failures, now));
        }
        return rows;
    }

    private List<PipelineRecord> pipelines() throws IOException {
        return table.recentPipelines(LISTED, clock.getAsLong());
    }
}
