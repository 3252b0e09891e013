package io.gristmill.protocol.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.job.Recovery;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attempts that die, run out of memory or time, or read input no retry can read: their tasks run again
 * within seconds (not a lease of minutes), they are recorded as lost with the reason, and the job's
 * error says what happened. On the in-memory cloud and its virtual clock, with the default lease.
 */
class LostAttemptsTest {
    @TempDir
    Path tmp;

    private static final String DOC = Texts.document(7, 40);

    private MemoryCloud cloud(int maxReceives) {
        MemoryCloud cloud = new MemoryCloud(tmp, 1, 64 << 20, maxReceives, 1);
        cloud.upload("uploads/l/doc.txt", Texts.bytes(DOC));
        SleepyMapper.clock = cloud.clock();
        return cloud;
    }

    private static JobRecord onlyJob(MemoryCloud cloud) throws Exception {
        List<JobRecord> jobs = cloud.table().recentJobs(10, cloud.clock().now());
        assertEquals(1, jobs.size(), "one job: " + jobs);
        return jobs.get(0);
    }

    private static JobSummary summary(MemoryCloud cloud, JobRecord job) throws Exception {
        return JobSummary.fromJson(
                cloud.objects().getText(job.outputPrefix() + "_JOB.json").orElseThrow());
    }

    private static List<Attempt> mapAttempts(JobSummary summary) {
        return summary.tasks().get(0).attempts();
    }

    /** Runs a job of the user's classes over the document; returns the virtual time it took. */
    private static long run(MemoryCloud cloud, String mapper, String extra) {
        long start = cloud.clock().now();
        cloud.upload(
                "jobs/l.json",
                Texts.bytes("{\"mapper\": \"" + mapper + "\", \"reducer\": \"io.gristmill.apps.SumReducer\","
                        + " \"input\": \"uploads/l/\", \"output\": \"output/l/\"" + extra + "}"));
        cloud.runUntilIdle(200);
        return cloud.clock().now() - start;
    }

    @Test
    void theDefaultLeaseBringsBackACrashedTaskWithinSecondsAndTheJobSaysChaosDidIt() throws Exception {
        assertEquals(10, Recovery.DEFAULT.leaseSeconds());
        MemoryCloud cloud = cloud(4);
        long took = run(cloud, "io.gristmill.apps.WordCountMapper", ", \"chaos\": \"crash=1.0,seed=3\"");
        JobRecord job = onlyJob(cloud);
        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(
                job.error().startsWith("task m-00000 failed 4 attempts: 4 crashed (injected by --chaos); last error:"),
                job.error());
        // Four silent deaths, each found when its lease lapsed: about 4 x 10 s, where a 60 s lease took 4 min.
        assertTrue(took <= 4 * 10_000 + 5_000, "failed in " + took + " ms of virtual time");
        for (Attempt a : mapAttempts(summary(cloud, job))) {
            assertEquals(Outcome.LOST, a.outcome(), a.toString());
            assertTrue(a.error().startsWith("crashed (injected by --chaos): at map."), a.error());
        }
    }

    @Test
    void anAttemptThatRunsOutOfMemorySaysSoAndItsTaskRunsAgainAfterTheRetryDelay() throws Exception {
        MemoryCloud cloud = cloud(3);
        long took = run(cloud, OutOfMemoryMapper.class.getName(), "");
        JobRecord job = onlyJob(cloud);
        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(job.error().contains("failed 3 attempts: 3 ran out of memory"), job.error());
        assertTrue(job.error().contains("java.lang.OutOfMemoryError: Java heap space"), job.error());
        assertTrue(job.error().contains("give the map function more memory"), job.error());
        // Retried after 1 s, then 2 s: the attempts spoke, so nobody waited for a lease (10 s).
        assertTrue(took < 10_000, "failed in " + took + " ms of virtual time");
        for (Attempt a : mapAttempts(summary(cloud, job))) {
            assertEquals(Outcome.LOST, a.outcome());
            assertTrue(a.error().startsWith("ran out of memory: "), a.error());
        }
    }

    @Test
    void anAttemptPastItsJobsTaskTimeoutIsLostAndNeverCommits() throws Exception {
        MemoryCloud cloud = cloud(2);
        run(cloud, SleepyMapper.class.getName(), ", \"params\": {\"sleepSeconds\": 60}, \"taskTimeout\": \"20s\"");
        JobRecord job = onlyJob(cloud);
        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(
                job.error().contains("failed 2 attempts: 2 timed out after 20 s (the job's taskTimeout)"), job.error());
        for (Attempt a : mapAttempts(summary(cloud, job))) assertEquals(Outcome.LOST, a.outcome());
        assertTrue(
                cloud.objects()
                        .get("_gristmill/jobs/" + job.jobId() + "/map/m-00000")
                        .isEmpty(),
                "no commit");
    }

    @Test
    void aTaskWithinItsTimeoutSucceeds() throws Exception {
        MemoryCloud cloud = cloud(2);
        run(cloud, SleepyMapper.class.getName(), ", \"params\": {\"sleepSeconds\": 15}, \"taskTimeout\": \"20s\"");
        JobRecord job = onlyJob(cloud);
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        assertEquals(1, mapAttempts(summary(cloud, job)).size());
    }

    @Test
    void aCorruptOrTruncatedGzipFailsItsJobAtOnceNamingTheObject() throws Exception {
        byte[] gzip = gzip(Texts.bytes(Texts.document(8, 2000)));
        Map<String, byte[]> cases = new TreeMap<>();
        cases.put("not-gzip.gz", Texts.bytes("plain text, not gzip\n"));
        cases.put("truncated.gz", Arrays.copyOf(gzip, gzip.length / 2));
        byte[] corrupt = gzip.clone();
        for (int i = 40; i < 80; i++) corrupt[i] ^= 0x5a;
        cases.put("corrupt.gz", corrupt);
        for (var c : cases.entrySet()) {
            MemoryCloud cloud = new MemoryCloud(tmp, 1, 64 << 20, 4, 1);
            cloud.upload("uploads/g/" + c.getKey(), c.getValue());
            cloud.upload("jobs/g.json", Texts.bytes("{\"app\": \"wordcount\", \"input\": \"uploads/g/\"}"));
            cloud.runUntilIdle(100);
            JobRecord job = onlyJob(cloud);
            assertEquals(JobStatus.FAILED, job.status(), c.getKey());
            String error = job.error();
            assertTrue(error.startsWith("task m-00000 cannot succeed: input " + c.getKey()), error);
            assertTrue(
                    error.contains(c.getKey().equals("truncated.gz") ? "is truncated" : "is not a valid gzip file"),
                    error);
            assertEquals(1, mapAttempts(summary(cloud, job)).size(), "no retry: " + c.getKey());
        }
    }

    /**
     * A task whose last allowed delivery records its commit and then dies, before it tells the job: the
     * dead-letter handler finishes what any later delivery would have, instead of leaving the job
     * waiting forever.
     */
    @ParameterizedTest
    @ValueSource(strings = {"map.afterDone", "reduce.afterDone", "map.afterCommit"})
    void aTaskThatCommitsOnItsLastDeliveryStillMovesTheJobOn(String point) throws Exception {
        MemoryCloud cloud = new MemoryCloud(tmp, 1, 64 << 20, 1, 1);
        cloud.upload("uploads/l/doc.txt", Texts.bytes(DOC));
        cloud.upload(
                "jobs/l.json",
                Texts.bytes("{\"app\": \"wordcount\", \"input\": \"uploads/l/\", \"output\": \"output/l/\","
                        + " \"chaos\": \"at=" + point + "\"}"));
        cloud.runUntilIdle(200);
        JobRecord job = onlyJob(cloud);
        if (point.equals("map.afterCommit")) {
            // Committed, but not recorded: nobody can know it committed without running it again.
            assertEquals(JobStatus.FAILED, job.status());
            assertTrue(job.error().contains("1 crashed (injected by --chaos)"), job.error());
            return;
        }
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        assertEquals(Texts.wordCount(List.of(DOC)), output(cloud));
    }

    private static List<String> output(MemoryCloud cloud) throws Exception {
        return cloud.objects()
                .getText("output/l/part-r-00000")
                .orElseThrow()
                .lines()
                .toList();
    }

    /**
     * What the short lease costs: one ChangeMessageVisibility as an attempt starts, then one every third
     * of a lease (3.33 s by default) while it runs. A task of 60 s makes 18 renewals.
     */
    @Test
    void aLeaseCostsOneRenewalPerThirdOfALease() throws Exception {
        long quick = visibilityChanges(0);
        long slow = visibilityChanges(60);
        assertEquals(60_000 / (Recovery.DEFAULT.leaseSeconds() * 1000 / 3), slow - quick);
        assertEquals(18, slow - quick);
    }

    private long visibilityChanges(int sleepSeconds) throws Exception {
        MemoryCloud cloud = cloud(2);
        run(cloud, SleepyMapper.class.getName(), ", \"params\": {\"sleepSeconds\": " + sleepSeconds + "}");
        assertEquals(JobStatus.SUCCEEDED, onlyJob(cloud).status(), onlyJob(cloud)::error);
        return cloud.requests().getOrDefault("Sqs.ChangeMessageVisibility", 0L);
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
