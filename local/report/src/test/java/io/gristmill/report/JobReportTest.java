package io.gristmill.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.json.Json;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskStatus;
import io.gristmill.report.testing.ReportChecks;
import io.gristmill.report.testing.SampleJobs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** The report's structure, checked without a browser: what any reader of the file gets. */
class JobReportTest {

    private static String bar(Document doc, String task, String attempt, String attribute) {
        Element e = doc.selectFirst("rect[data-task=" + task + "][data-attempt=" + attempt + "]");
        assertNotNull(e, "a bar for " + task + " attempt " + attempt);
        return e.hasAttr(attribute) ? e.attr(attribute) : null;
    }

    @Test
    void aJobWithCrashesRetriesAndABackupShowsEachAttemptAndTheRates() {
        JobSummary s = SampleJobs.crashRetryBackup();
        String html = JobReport.html(s);
        Document doc = ReportChecks.assertContract(html, s);

        assertEquals("true", bar(doc, "m-00003", "a7000000", "data-backup"), "the backup is marked");
        assertEquals("true", bar(doc, "m-00003", "a6000000", "data-straggler"), "its straggler is marked");
        assertNull(bar(doc, "m-00001", "a3000000", "data-backup"), "a retry after a crash is no backup");
        assertNull(bar(doc, "m-00002", "a5000000", "data-backup"), "nor is a retry after a failure");
        assertEquals("unknown", bar(doc, "m-00001", "a2000000", "data-end"), "the crashed attempt's end is unknown");
        // The crashed attempt's bar runs to its task's next attempt (2.5 s), not to the job's end.
        double x = Double.parseDouble(bar(doc, "m-00001", "a2000000", "x"));
        double width = Double.parseDouble(bar(doc, "m-00001", "a2000000", "width"));
        double nextX = Double.parseDouble(bar(doc, "m-00001", "a3000000", "x"));
        assertEquals(nextX, x + width, 0.2, "the lost bar ends where the retry starts");

        String attempts = doc.select("dl.facts div")
                .select("div:has(dt:containsOwn(Attempts)) dd")
                .text();
        assertEquals("9: 6 committed, 1 superseded, 1 failed, 1 lost; 1 backup", attempts);
        assertTrue(doc.text().contains("app wordcount"), "the summary names the app");
        assertEquals(2, doc.select("[data-phase]").size(), "the map and reduce phases are drawn");

        Element input = doc.selectFirst("svg[data-chart=rates] [data-series=input]");
        long mapInput = s.counter("map.input.bytes");
        assertEquals(Long.toString(mapInput), input.attr("data-total-bytes"), "all the input is on the chart");
        assertTrue(Double.parseDouble(input.attr("data-peak")) > 0);
        assertNotNull(input.selectFirst("path.area"), "the input curve is drawn");
    }

    @Test
    void theReportIsSelfContainedAndItsDataReadsBack() throws Exception {
        String html = JobReport.html(SampleJobs.crashRetryBackup());
        Document doc = org.jsoup.Jsoup.parse(html);
        assertTrue(doc.select("[src], link, iframe, object, embed, img").isEmpty(), "nothing is loaded from elsewhere");
        assertFalse(html.contains("@import") || html.contains("url(http"), "no stylesheet from elsewhere");
        assertTrue(
                doc.selectFirst("meta[http-equiv=Content-Security-Policy]")
                        .attr("content")
                        .startsWith("default-src 'none'"),
                "the page may not request anything");
        Map<String, Object> data =
                Json.parseObject(doc.getElementById("gm-data").data());
        assertEquals(6, ((List<?>) data.get("tasks")).size(), "every task is in the table's data");
        assertEquals(6, ((List<?>) data.get("workers")).size(), "six instances ran attempts");
    }

    @Test
    void whatJobsAndUsersNamedIsEscaped() throws Exception {
        String evil = "</script><script>document.title='pwned'</script><b onmouseover=\"x\">";
        JobSummary s = SampleJobs.crashRetryBackup();
        TaskSummary t = s.tasks().get(2);
        Attempt failed = t.attempts().get(0);
        TaskSummary bad = new TaskSummary(
                t.task(),
                evil,
                t.status(),
                t.committed(),
                evil,
                List.of(
                        new Attempt(failed.id(), 1, evil, failed.start(), failed.end(), Outcome.FAILED, evil),
                        t.attempts().get(1)),
                Map.of("user." + evil, 3L, "map.input.bytes", 10L));
        List<TaskSummary> tasks = new java.util.ArrayList<>(s.tasks());
        tasks.set(2, bad);
        JobSummary hostile = new JobSummary(
                s.job(),
                evil,
                JobStatus.FAILED,
                evil,
                evil,
                s.output(),
                s.created(),
                s.mapsFinished(),
                s.finished(),
                s.maps(),
                s.reducers(),
                s.attempts(),
                Map.of("user." + evil, 1L),
                List.of(evil),
                s.spec(),
                tasks,
                0);
        String html = JobReport.html(hostile);
        Document doc = ReportChecks.assertContract(html, hostile);
        assertEquals(3, doc.select("script").size(), "the three scripts of the report, and no other");
        assertTrue(doc.select("b[onmouseover]").isEmpty(), "no markup from a name gets through");
        assertTrue(doc.text().contains(evil), "the names are shown as text");
        Map<String, Object> data =
                Json.parseObject(doc.getElementById("gm-data").data());
        assertTrue(data.toString().contains("</script>"), "and the data keeps them as they were");
    }

    @Test
    void aFailedJobSaysWhyAndWhere() {
        JobSummary s = SampleJobs.failed();
        Document doc = ReportChecks.assertContract(JobReport.html(s), s);
        Element banner = doc.selectFirst(".banner.failed");
        assertNotNull(banner, "a failed job says so at the top");
        assertTrue(banner.text().contains("task m-00001 failed 2 attempts"), banner.text());
        Element where = banner.selectFirst("[data-failed-task=m-00001]");
        assertNotNull(where, "and names the task");
        assertTrue(where.text().contains("cannot digest this line"), "with its last error: " + where.text());
    }

    @Test
    void aRunningJobIsShownAsOfNowAndReloadsOnlyWhenServed() {
        JobSummary s = SampleJobs.running();
        Document file = ReportChecks.assertContract(JobReport.html(s), s);
        assertEquals("MAPPING", file.selectFirst("[data-status]").attr("data-status"));
        assertNotNull(file.selectFirst(".banner.running[data-live]"), "it says the job is still running");
        assertTrue(file.select("meta[http-equiv=refresh]").isEmpty(), "a file does not reload itself");
        assertEquals("running", bar(file, "m-00001", "c2000000", "data-outcome"));
        assertNull(bar(file, "m-00001", "c2000000", "data-end"), "the running attempt is running, not unknown");
        assertEquals(
                "unknown",
                bar(file, "m-00002", "c3000000", "data-end"),
                "an attempt with a later one beside it never reported back");

        String served = JobReport.html(s, Optional.empty(), ReportOptions.live(2, "/_gristmill/"));
        Document page = org.jsoup.Jsoup.parse(served);
        assertEquals("2", page.selectFirst("meta[http-equiv=refresh]").attr("content"));
        assertEquals("/_gristmill/", page.selectFirst("nav a").attr("href"), "it links back to the job list");
    }

    @Test
    void aJobThatFailedBeforeItsTasksStillHasAReport() {
        JobSummary s = new JobSummary(
                "bad-20261202-101500-00000000",
                "bad",
                JobStatus.FAILED,
                "manifest jobs/bad.json: unknown app 'wordcont'",
                "s3://b/jobs/bad.json",
                "s3://b/output/bad/",
                SampleJobs.T0,
                null,
                SampleJobs.T0 + 80,
                0,
                0,
                0,
                Map.of(),
                List.of(),
                Optional.empty(),
                List.of(),
                0);
        Document doc = ReportChecks.assertContract(JobReport.html(s), s);
        assertTrue(doc.selectFirst(".banner.failed").text().contains("unknown app 'wordcont'"));
        assertNotNull(doc.selectFirst("svg[data-chart=timeline] .empty"), "the timeline says no task started");
    }

    @Test
    void aJobOfTwentyThousandTasksStaysSmallAndItsInstancesShareRows() {
        JobSummary s = SampleJobs.large(19_800, 200, 1_000, 7);
        String html = JobReport.html(s);
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 6 * 1024 * 1024, "the file stays under 6 MB: " + bytes);
        Document doc = ReportChecks.assertContract(html, s);
        Element timeline = doc.selectFirst("svg[data-chart=timeline]");
        assertEquals("1000", timeline.attr("data-instances"));
        assertTrue(Integer.parseInt(timeline.attr("data-rows")) <= Timeline.MAX_ROWS, "instances share rows");
        assertTrue(
                Integer.parseInt(timeline.attr("height")) < 800,
                "the timeline fits a screen: " + timeline.attr("height"));
    }

    @Test
    void aTaskWithoutAnyAttemptIsListedButNotDrawn() {
        JobSummary s = SampleJobs.running();
        List<TaskSummary> tasks = new java.util.ArrayList<>(s.tasks());
        tasks.add(new TaskSummary(TaskId.map(3), null, TaskStatus.RUNNING, null, null, List.of(), Map.of()));
        JobSummary more = new JobSummary(
                s.job(),
                s.name(),
                s.status(),
                s.error(),
                s.trigger(),
                s.output(),
                s.created(),
                s.mapsFinished(),
                s.finished(),
                4,
                s.reducers(),
                s.attempts(),
                s.counters(),
                s.skipped(),
                s.spec(),
                tasks,
                0);
        Document doc = ReportChecks.assertContract(JobReport.html(more), more);
        assertEquals("4", doc.selectFirst("#task-table").attr("data-tasks"));
    }
}
