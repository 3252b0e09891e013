package io.gristmill.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gristmill.protocol.memory.MemoryCloud;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.report.testing.Chromium;
import io.gristmill.report.testing.DashboardServer;
import io.gristmill.report.testing.ReportChecks;
import io.gristmill.report.testing.SampleJobs;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports and the dashboard as headless Chromium renders them (skipped, saying why, where Chromium
 * is not installed): the script runs to its end without an error and builds the task table, and the
 * bars are the attempts. The end-to-end suite does the same with jobs run on the local cloud.
 */
class ReportBrowserTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsChromium() {
        assumeTrue(
                Chromium.unavailable().isEmpty(), () -> Chromium.unavailable().orElse(""));
    }

    private Document render(String name, JobSummary s) throws Exception {
        Path file = tmp.resolve(name + ".html");
        Files.writeString(file, JobReport.html(s), StandardCharsets.UTF_8);
        Chromium.Page page = Chromium.dom(file.toUri(), 0);
        Document dom = ReportChecks.assertContract(page.dom(), s);
        ReportChecks.assertScriptRan(dom, s);
        return dom;
    }

    @Test
    void aJobWithCrashesRetriesAndABackupRendersWithoutErrors() throws Exception {
        JobSummary s = SampleJobs.crashRetryBackup();
        Document dom = render("sample", s);
        assertEquals("r-00000", dom.selectFirst("#task-table tbody tr").attr("data-task"), "the slowest task first");
        assertEquals("6 tasks", dom.selectFirst("#shown").text());
        assertTrue(
                dom.selectFirst("#task-table tr[data-task=m-00003]").text().contains("committed (backup)"),
                "the table names the backup");
    }

    @Test
    void failedAndRunningJobsRenderWithoutErrors() throws Exception {
        render("failed", SampleJobs.failed());
        render("running", SampleJobs.running());
    }

    /**
     * A job of 20,000 tasks on 1,000 instances: the contract holds, and the figures of the note
     * (size, time to build, time for the browser to run the page) go to target/report-scale.txt.
     */
    @Test
    void aJobOfTwentyThousandTasksRendersAndItsFiguresAreRecorded() throws Exception {
        JobSummary s = SampleJobs.large(19_800, 200, 1_000, 7);
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        String html = JobReport.html(s);
        long buildWall = (System.nanoTime() - wall) / 1_000_000;
        long buildCpu = (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        Path file = tmp.resolve("large.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        Chromium.Page page = Chromium.dom(file.toUri(), 0);
        Document dom = ReportChecks.assertContract(page.dom(), s);
        ReportChecks.assertScriptRan(dom, s);
        String figures = String.format(
                Locale.ROOT,
                "report of %,d tasks, %,d attempts, %,d instances: %,d bytes; built in %d ms (%d ms of CPU);"
                        + " Chromium ready %s ms after navigation (parse, layout of the SVG, script), whole"
                        + " --dump-dom run %d ms; load average %.1f%n",
                s.tasks().size(),
                s.attempts(),
                Integer.parseInt(dom.selectFirst("svg[data-chart=timeline]").attr("data-instances")),
                Files.size(file),
                buildWall,
                buildCpu,
                dom.selectFirst("html").attr("data-render-ms"),
                page.wallMillis(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Files.writeString(Path.of("target", "report-scale.txt"), figures, StandardCharsets.UTF_8);
        System.out.print(figures);
    }

    @Test
    void theDashboardShowsTheJobsAndKeepsThemCurrent() throws Exception {
        MemoryCloud cloud = new MemoryCloud(tmp, 2, 64 << 20, 6, 1);
        cloud.upload("uploads/t/a.txt", "the quick brown fox\njumps over the lazy dog\n".getBytes());
        cloud.upload(
                "jobs/words.json",
                "{\"app\": \"wordcount\", \"input\": \"uploads/t/\", \"output\": \"output/w/\"}".getBytes());
        cloud.runUntilIdle(500);
        String jobId = cloud.table().recentJobs(1, cloud.clock().now()).get(0).jobId();
        Dashboard dashboard = new Dashboard(cloud.table(), cloud.objects(), "/_gristmill/", cloud.clock()::now);
        try (DashboardServer server = new DashboardServer(dashboard)) {
            // Long enough for the page's timer to fetch its rows again at least once.
            Chromium.Page list = Chromium.dom(server.uri(), 5_000);
            Document dom = Jsoup.parse(list.dom());
            assertEquals("", dom.selectFirst("html").attr("data-errors"), "no script errors, no request refused");
            assertEquals("true", dom.selectFirst("html").attr("data-ready"));
            assertFalse(dom.selectFirst("html").attr("data-refreshed").isEmpty(), "the rows were fetched again");
            assertEquals(
                    "SUCCEEDED",
                    dom.selectFirst("#jobs tr[data-job=" + jobId + "]").attr("data-status"));

            Chromium.Page report = Chromium.dom(server.uri().resolve("jobs/" + jobId), 0);
            JobSummary s = new JobReports(cloud.table(), cloud.objects())
                    .summary(jobId, 0)
                    .orElseThrow();
            ReportChecks.assertScriptRan(ReportChecks.assertContract(report.dom(), s), s);
        }
    }
}
