package io.gristmill.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.json.Json;
import io.gristmill.protocol.memory.MemoryCloud;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.report.testing.ReportChecks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports of real jobs: the protocol run on the in-memory cloud and its virtual clock, read back
 * through the protocol's own table and object interfaces, as the CLI and the dashboard read a stack.
 */
class JobReportsTest {
    @TempDir
    Path tmp;

    static final String BASE = "/_gristmill/";

    private MemoryCloud cloud() {
        MemoryCloud cloud = new MemoryCloud(tmp, 2, 64 << 20, 6, 1);
        Random r = new Random(5);
        for (int d = 0; d < 3; d++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 300; i++)
                sb.append("the quick fox ").append(r.nextInt(50)).append(" jumps\n");
            cloud.upload("uploads/t/doc" + d + ".txt", sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return cloud;
    }

    private static String manifest(String name, String output, String chaos) {
        return "{\"name\": \"" + name + "\", \"app\": \"wordcount\", \"input\": \"uploads/t/\", \"output\": \""
                + output + "\", \"reducers\": 2, \"splitSize\": 3000, \"lease\": \"2s\""
                + (chaos == null ? "" : ", \"chaos\": \"" + chaos + "\"") + "}";
    }

    private static JobRecord job(MemoryCloud cloud, String name) throws Exception {
        return cloud.table().recentJobs(20, cloud.clock().now()).stream()
                .filter(j -> j.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aFinishedJobIsReportedFromTheSummaryItWrote() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload(
                "jobs/crashes.json",
                manifest("crashes", "output/c/", "at=map.input,seed=1").getBytes());
        cloud.runUntilIdle(2000);
        JobRecord job = job(cloud, "crashes");
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        JobReports reports = new JobReports(cloud.table(), cloud.objects());
        JobSummary s = reports.summary(job.jobId(), cloud.clock().now()).orElseThrow();
        JobSummary written = JobSummary.fromJson(
                cloud.objects().getText("output/c/_JOB.json").orElseThrow());
        assertEquals(written, s, "the summary the job wrote");
        assertTrue(
                s.tasks().stream().flatMap(t -> t.attempts().stream()).anyMatch(a -> a.outcome() == Outcome.LOST),
                "every map's first attempt crashed");
        String html = reports.html(job.jobId(), ReportOptions.file()).orElseThrow();
        ReportChecks.assertContract(html, s);
    }

    @Test
    void aRunningJobIsReportedFromTheTableWithItsAttemptsAsTheyStand() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload(
                "jobs/running.json",
                manifest("running", "output/r/", "at=map.input,seed=1").getBytes());
        // The coordinator plans, then the first map attempt dies at map.input: its task runs again later.
        cloud.deliverOne();
        cloud.deliverOne();
        JobRecord job = job(cloud, "running");
        assertEquals(JobStatus.MAPPING, job.status());
        JobReports reports = new JobReports(cloud.table(), cloud.objects());
        JobSummary s = reports.summary(job, cloud.clock().now());
        assertEquals(JobStatus.MAPPING, s.status());
        Attempt silent = s.tasks().get(0).attempts().get(0);
        assertEquals(Outcome.RUNNING, silent.outcome(), "as far as the table knows, it is running");
        assertEquals(cloud.clock().now(), s.finished(), "the summary is as of now");
        Document doc = ReportChecks.assertContract(JobReport.html(s), s);
        assertNotNull(doc.selectFirst(".banner.running"));
    }

    @Test
    void attemptsThatReportedBackAfterTheSummaryAreShownAsTheyEnded() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload(
                "jobs/late.json",
                manifest("late", "output/late/", "at=map.input,seed=1").getBytes());
        cloud.runUntilIdle(2000);
        JobRecord job = job(cloud, "late");
        TaskSummary first = JobSummary.fromJson(
                        cloud.objects().getText("output/late/_JOB.json").orElseThrow())
                .tasks()
                .get(0);
        assertEquals(Outcome.LOST, first.attempts().get(0).outcome());
        // As a straggler does once its backup has won: it finishes, loses the commit, and says so.
        long later = cloud.clock().now() + 5_000;
        cloud.table().recordOutcome(job.jobId(), first.task(), 0, Outcome.SUPERSEDED, null, later);
        JobSummary s = new JobReports(cloud.table(), cloud.objects()).summary(job, later);
        Attempt ended = s.tasks().get(0).attempts().get(0);
        assertEquals(Outcome.SUPERSEDED, ended.outcome());
        assertEquals(later, ended.end());
        assertTrue(
                Runs.of(s).stream().anyMatch(r -> r.backup() && r.task().task().equals(first.task())),
                "its task's next attempt was a backup after all");
    }

    @Test
    void aJobThatFoundItsOutputTakenIsReportedFromItsOwnSummary() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload("jobs/first.json", manifest("first", "output/same/", null).getBytes());
        cloud.runUntilIdle(2000);
        cloud.upload(
                "jobs/second.json", manifest("second", "output/same/", null).getBytes());
        cloud.runUntilIdle(2000);
        JobRecord second = job(cloud, "second");
        assertEquals(JobStatus.FAILED, second.status());
        JobSummary s = new JobReports(cloud.table(), cloud.objects())
                .summary(second, cloud.clock().now());
        assertEquals(second.jobId(), s.job(), "not the first job's summary, which is at output/same/");
        assertTrue(s.error().contains("already has objects"), s.error());
    }

    @Test
    void theDashboardListsTheJobsAndServesTheirReports() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload("jobs/ok.json", manifest("ok", "output/ok/", null).getBytes());
        cloud.runUntilIdle(2000);
        cloud.clock().advance(1_000);
        cloud.upload(
                "jobs/live.json",
                manifest("live", "output/live/", "at=map.input,seed=1").getBytes());
        cloud.deliverOne();
        cloud.deliverOne();
        Dashboard dashboard = new Dashboard(cloud.table(), cloud.objects(), BASE, cloud.clock()::now);
        JobRecord ok = job(cloud, "ok");
        JobRecord live = job(cloud, "live");

        Dashboard.Response page = dashboard.handle("GET", BASE, "");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"));
        Document doc = Jsoup.parse(page.text());
        assertEquals(
                List.of(live.jobId(), ok.jobId()),
                doc.select("#jobs tr[data-job]").eachAttr("data-job"),
                "newest first");
        assertEquals(
                "SUCCEEDED", doc.selectFirst("tr[data-job=" + ok.jobId() + "]").attr("data-status"));
        assertEquals(
                "MAPPING", doc.selectFirst("tr[data-job=" + live.jobId() + "]").attr("data-status"));
        assertEquals(
                "0/" + live.maps(),
                doc.selectFirst("tr[data-job=" + live.jobId() + "] td[data-maps]")
                        .text());
        assertEquals(
                "1",
                doc.selectFirst("tr[data-job=" + live.jobId() + "] td[data-attempts]")
                        .text());
        assertEquals(
                "jobs/" + ok.jobId(),
                doc.selectFirst("tr[data-job=" + ok.jobId() + "] a").attr("href"),
                "each links to its report");

        Document rows = Jsoup.parseBodyFragment(
                "<table><tbody>" + dashboard.handle("GET", BASE, "rows").text());
        assertEquals(2, rows.select("tr[data-job]").size(), "?rows is just the rows, for the page's refresh");

        Map<String, Object> json =
                Json.parseObject(dashboard.handle("GET", BASE + "jobs.json", "").text());
        assertEquals(2, ((List<?>) json.get("jobs")).size());

        Dashboard.Response report = dashboard.handle("GET", BASE + "jobs/" + live.jobId(), "");
        assertEquals(200, report.status());
        Document r = Jsoup.parse(report.text());
        assertEquals("MAPPING", r.selectFirst("[data-status]").attr("data-status"));
        assertEquals("2", r.selectFirst("meta[http-equiv=refresh]").attr("content"), "a running job's report reloads");
        assertEquals(BASE, r.selectFirst("nav a").attr("href"));
        Document done = Jsoup.parse(
                dashboard.handle("GET", BASE + "jobs/" + ok.jobId(), "").text());
        assertTrue(done.select("meta[http-equiv=refresh]").isEmpty(), "a finished one does not");

        JobSummary s = JobSummary.fromJson(dashboard
                .handle("GET", BASE + "jobs/" + ok.jobId() + "/summary.json", "")
                .text());
        assertEquals(ok.jobId(), s.job());

        assertEquals(404, dashboard.handle("GET", BASE + "jobs/nope", "").status());
        assertEquals(404, dashboard.handle("GET", BASE + "elsewhere", "").status());
        assertEquals(405, dashboard.handle("POST", BASE, "").status());
        Dashboard.Response redirect = dashboard.handle("GET", "/_gristmill", "");
        assertEquals(301, redirect.status());
        assertEquals(BASE, redirect.headers().get("Location"));
    }

    @Test
    void aStackWithoutJobsSaysHowToStartOne() {
        MemoryCloud cloud = cloud();
        Dashboard dashboard = new Dashboard(cloud.table(), cloud.objects(), BASE, cloud.clock()::now);
        Document doc = Jsoup.parse(dashboard.handle("GET", BASE, "").text());
        assertTrue(doc.selectFirst("#jobs tr.none").text().contains("grist submit"));
    }
}
