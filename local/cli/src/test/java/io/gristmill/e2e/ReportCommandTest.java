package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Recovery;
import io.gristmill.local.LocalCloud;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskRecord;
import io.gristmill.report.JobReports;
import io.gristmill.report.testing.Chromium;
import io.gristmill.report.testing.ReportChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grist report} against a stack (the local cloud, reached as a deployed stack is, by its
 * endpoints, bucket and table) for a job that had crashes, a failed attempt that ran again and a
 * straggler rescued by a backup; for a job still running, a failed one and a pipeline. The report is
 * checked as a file and, where Chromium is installed, as the browser renders it.
 */
class ReportCommandTest {
    static final int MAPS = 4;
    static final int REDUCERS = 2;

    @TempDir
    static Path tmp;

    static LocalCloud cloud;
    static JobClient client;
    static String jobId;
    static Path report;
    static CliRunner.Result reported;
    static TaskId straggler;
    static List<Path> docs;

    /** The stack's options, as a user would give them for a deployed stack or LocalStack. */
    static List<String> stack() {
        Map<String, String> env = cloud.clientEnvironment();
        return List.of(
                "--endpoint-url",
                "s3=" + env.get("AWS_ENDPOINT_URL_S3"),
                "--endpoint-url",
                "dynamodb=" + env.get("AWS_ENDPOINT_URL_DYNAMODB"),
                "--region",
                "us-east-1",
                "--bucket",
                cloud.bucket(),
                "--table",
                cloud.table());
    }

    static CliRunner.Result grist(String... args) throws Exception {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(stack());
        return CliRunner.run(all.toArray(String[]::new));
    }

    private static final Set<FaultPoint> VISIBLE_CRASHES =
            Set.of(FaultPoint.MAP_START, FaultPoint.MAP_INPUT, FaultPoint.MAP_BEFORE_COMMIT);

    /**
     * A seed whose faults make the job this test wants (chaos decisions depend only on the seed, the
     * task and the delivery): one straggling map whose first two deliveries live, another map whose
     * first delivery crashes before it commits, and reduces that live.
     */
    static long seed() {
        for (long seed = 1; ; seed++) {
            Chaos c = Chaos.parse("crash=0.3,straggle=1,seed=" + seed);
            int slow = -1;
            for (int m = 0; m < MAPS; m++) if (c.straggles(true, m, MAPS, REDUCERS)) slow = m;
            if (slow < 0 || c.crashPoint(true, slow, 1) != null || c.crashPoint(true, slow, 2) != null) continue;
            boolean crash = false;
            for (int m = 0; m < MAPS; m++) {
                FaultPoint p = c.crashPoint(true, m, 1);
                if (m != slow && p != null && VISIBLE_CRASHES.contains(p) && c.crashPoint(true, m, 2) == null) {
                    crash = true;
                }
            }
            boolean reducesLive = c.crashPoint(false, 0, 1) == null && c.crashPoint(false, 1, 1) == null;
            if (crash && reducesLive && failing(seed) >= 0) return seed;
        }
    }

    /** The task that fails its first attempt: a map that neither straggles nor crashes; -1 if none. */
    static int failing(long seed) {
        Chaos c = Chaos.parse("crash=0.3,straggle=1,seed=" + seed);
        for (int m = 0; m < MAPS; m++) {
            if (!c.straggles(true, m, MAPS, REDUCERS)
                    && c.crashPoint(true, m, 1) == null
                    && c.crashPoint(true, m, 2) == null) return m;
        }
        return -1;
    }

    @BeforeAll
    static void runAJobWithEveryKindOfAttemptAndReportIt() throws Exception {
        cloud = SharedCloud.get();
        client = SharedCloud.client();
        docs = Corpus.write(tmp.resolve("books"), MAPS, 400, 41);
        client.upload("uploads/report/", docs);
        long seed = seed();
        int fail = failing(seed);
        Chaos chaos = Chaos.parse("crash=0.3,straggle=1,seed=" + seed);
        for (int m = 0; m < MAPS; m++) if (chaos.straggles(true, m, MAPS, REDUCERS)) straggler = TaskId.map(m);
        Manifest spec = Jobs.classes(
                        "io.gristmill.e2e.jobs.FlakyMapper",
                        "io.gristmill.apps.SumReducer",
                        List.of("uploads/report/"),
                        "output/report/",
                        REDUCERS,
                        1L << 30)
                .toBuilder()
                .params(Map.of(
                        "sleepMs", "400",
                        "failTask", TaskId.map(fail).toString(),
                        "markers", tmp.resolve("markers").toString()))
                // A lease of 1 s brings a crashed task back quickly; backups after twice the median, 1 s at least.
                .recovery(new Recovery(1, true, 2, 1, 60))
                .chaos(chaos)
                .build();
        JobRecord job = Jobs.runOk(client, "report-chaos", spec);
        jobId = job.jobId();
        // The straggler keeps running after its backup won; wait until it says how it ended.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            TaskRecord t = client.table().task(jobId, straggler).orElseThrow();
            if (t.attempts().get(0).end() != null) break;
            assertTrue(System.nanoTime() < deadline, "the straggler ended: " + t.attempts());
            Thread.sleep(200);
        }
        report = tmp.resolve("report.html");
        reported = grist("report", jobId, "-o", report.toString());
        assertEquals(0, reported.code(), () -> reported.out() + reported.err());
    }

    static JobSummary shown() throws Exception {
        return new JobReports(client.table(), client.objects())
                .summary(jobId, System.currentTimeMillis())
                .orElseThrow();
    }

    @Test
    void theReportShowsEveryAttemptWithItsOutcomeAndTheBackup() throws Exception {
        assertTrue(reported.out().contains("report of job " + jobId + " (SUCCEEDED in "), reported.out());
        assertTrue(reported.out().contains(report.toString()), "it prints where the report is: " + reported.out());
        JobSummary s = shown();
        Set<Outcome> outcomes = new java.util.HashSet<>();
        for (var t : s.tasks()) for (Attempt a : t.attempts()) outcomes.add(a.outcome());
        assertEquals(
                Set.of(Outcome.COMMITTED, Outcome.SUPERSEDED, Outcome.FAILED, Outcome.LOST),
                outcomes,
                "the job had every kind of attempt: " + s.tasks());
        Document doc = ReportChecks.assertContract(Files.readString(report), s);
        assertNotNull(
                doc.selectFirst("rect[data-task=" + straggler + "][data-backup=true][data-outcome=committed]"),
                "the straggler's backup committed, and is marked");
        assertNotNull(
                doc.selectFirst("rect[data-task=" + straggler + "][data-straggler=true][data-outcome=superseded]"),
                "the straggler is marked");
        assertNotNull(doc.selectFirst("rect[data-outcome=lost][data-end=unknown]"), "a crashed attempt");
        assertNotNull(doc.selectFirst("rect[data-outcome=failed]"), "the attempt that threw");
    }

    @Test
    void theReportRendersInABrowserWithoutErrors() throws Exception {
        assumeTrue(
                Chromium.unavailable().isEmpty(), () -> Chromium.unavailable().orElse(""));
        JobSummary s = shown();
        Chromium.Page page = Chromium.dom(report.toUri(), 0);
        Document dom = ReportChecks.assertContract(page.dom(), s);
        ReportChecks.assertScriptRan(dom, s);
        assertTrue(
                dom.selectFirst("#task-table tr[data-task=" + straggler + "]")
                        .text()
                        .contains("(backup)"),
                "the task table names the backup");
        // The picture in the README: docs/screenshot.sh copies it to docs/report.png.
        Chromium.screenshot(report.toUri(), Path.of("target", "report-screenshot.png"), 1200, 1280);
        assertTrue(Files.size(Path.of("target", "report-screenshot.png")) > 10_000);
    }

    @Test
    void aJobStillRunningIsReportedAsItStands() throws Exception {
        client.upload("uploads/report-slow/", List.of(docs.get(0)));
        Manifest spec = Jobs.classes(
                        "io.gristmill.e2e.jobs.SlowMapper",
                        "io.gristmill.apps.SumReducer",
                        List.of("uploads/report-slow/"),
                        "output/report-slow/",
                        1,
                        1L << 30)
                .toBuilder()
                .params(Map.of("sleepMs", "4000"))
                .build();
        String key = client.submit("report-slow", spec);
        String id = client.awaitJobId(key, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.table()
                .tasks(id, io.gristmill.protocol.state.TaskKind.MAP)
                .isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "a map attempt started");
            Thread.sleep(50);
        }
        Path file = tmp.resolve("running.html");
        CliRunner.Result r = grist("report", id, "--output", file.toString());
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("is still running (mapping · maps 0/1"), r.out());
        Document doc = Jsoup.parse(Files.readString(file));
        assertEquals("MAPPING", doc.selectFirst("[data-status]").attr("data-status"));
        assertNotNull(doc.selectFirst(".banner.running"), "the report says the job is still running");
        assertNotNull(doc.selectFirst("rect[data-outcome=running]"), "its running attempt is drawn");
        assertEquals(
                JobStatus.SUCCEEDED,
                client.await(id, Duration.ofSeconds(60), j -> {}).status());
    }

    @Test
    void aFailedJobsReportSaysWhy() throws Exception {
        // Its output holds the chaos job's: it fails at once, before any task, and says so.
        String key = client.submit(
                "report-taken", Jobs.spec("wordcount", List.of("uploads/report/"), "output/report/", 1, 0, Map.of()));
        String id = client.awaitJobId(key, Duration.ofSeconds(30));
        assertEquals(
                JobStatus.FAILED,
                client.await(id, Duration.ofSeconds(60), j -> {}).status());
        Path file = tmp.resolve("failed.html");
        CliRunner.Result r = grist("report", id, "-o", file.toString());
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("(FAILED in "), r.out());
        assertTrue(r.out().contains("it failed: output s3://"), r.out());
        Document doc = Jsoup.parse(Files.readString(file));
        assertEquals("FAILED", doc.selectFirst("[data-status]").attr("data-status"));
        assertTrue(doc.selectFirst(".banner.failed").text().contains("already has objects"));
        assertEquals(id, doc.selectFirst("[data-job]").attr("data-job"), "its own report, not the other job's");
    }

    @Test
    void aPipelineIsReportedByItsLastStageWithItsStages() throws Exception {
        String key = client.submitManifest(
                "report-top",
                "{\"name\": \"report-top\", \"input\": \"uploads/report/\", \"output\": \"output/report-top/\","
                        + " \"stages\": [{\"name\": \"count\", \"app\": \"wordcount\", \"reducers\": 2},"
                        + " {\"name\": \"top\", \"app\": \"sort\", \"reducers\": 1, \"params\": {\"by\": \"value\","
                        + " \"order\": \"desc\", \"numeric\": \"true\", \"limit\": \"5\"}}]}");
        String id = client.awaitJobId(key, Duration.ofSeconds(30));
        client.awaitPipeline(id, Duration.ofSeconds(120), Duration.ofMillis(200), (p, j) -> {});
        Path file = tmp.resolve("pipeline.html");
        CliRunner.Result r = grist("report", id, "-o", file.toString());
        assertEquals(0, r.code(), () -> r.out() + r.err());
        Document doc = Jsoup.parse(Files.readString(file));
        assertEquals("SUCCEEDED", doc.selectFirst("#pipeline").attr("data-pipeline-status"));
        assertEquals(2, doc.select("#pipeline tbody tr").size(), "both stages' jobs are listed");
        assertFalse(doc.select("#pipeline tr.this").isEmpty(), "the report's own job is marked");
    }

    @Test
    void anUnknownJobIsAClearError() throws Exception {
        CliRunner.Result r =
                grist("report", "no-such-job", "-o", tmp.resolve("x.html").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no job no-such-job"), r.err());
        assertFalse(Files.exists(tmp.resolve("x.html")));
    }
}
