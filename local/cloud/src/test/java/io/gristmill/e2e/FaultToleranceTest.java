package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Recovery;
import io.gristmill.engine.json.Json;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MapReduce's promise under injected faults, modelled on the paper's experiments and the classic
 * lab tests: crashes and delays, no spurious re-execution, parallelism, no early output, backup
 * tasks. Leases are short here (1-2 s) so a dead attempt's task comes back quickly.
 */
class FaultToleranceTest {
    @TempDir
    static Path tmp;

    static JobClient client;
    static List<Path> docs;

    @BeforeAll
    static void upload() throws Exception {
        client = SharedCloud.client();
        docs = Corpus.write(tmp.resolve("ft"), 4, 600, 31);
        client.upload("uploads/ft/", List.of(tmp.resolve("ft")));
    }

    static Manifest spec(
            String app,
            String output,
            int reducers,
            long splitSize,
            Map<String, String> params,
            Recovery recovery,
            String chaos) {
        return Jobs.spec(app, List.of("uploads/ft/"), output, reducers, splitSize, params).toBuilder()
                .recovery(recovery)
                .chaos(Chaos.parse(chaos))
                .build();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tasks(Map<String, Object> summary) {
        return (List<Map<String, Object>>) (List<?>) summary.get("tasks");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> attempts(Map<String, Object> task) {
        return (List<Map<String, Object>>) (List<?>) task.get("attempts");
    }

    static Map<String, Object> summary(JobRecord job) throws Exception {
        return Json.parseObject(
                client.read(JobClient.outputPrefix(job) + "_JOB.json").orElseThrow());
    }

    @Test
    void crashesAndDelaysInEveryPhaseStillGiveTheSequentialOutput() throws Exception {
        Manifest spec = spec(
                "wordcount",
                "output/ft-crash/",
                4,
                9000,
                Map.of(),
                new Recovery(2, false, 3, 30, 900),
                "crash=0.33,delay=0.33,maxDelay=1s,seed=5");
        JobRecord job = Jobs.runOk(client, "ft-crash", spec);
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("crash"))));
        Map<String, Object> s = summary(job);
        int tasks = tasks(s).size();
        int attempts = ((Number) s.get("attempts")).intValue();
        assertTrue(
                attempts > tasks, "crashed attempts were retried: " + attempts + " attempts for " + tasks + " tasks");
        long lost = tasks(s).stream()
                .flatMap(t -> attempts(t).stream())
                .filter(a -> "lost".equals(a.get("outcome")))
                .count();
        assertTrue(lost > 0, "_JOB.json shows the crashed attempts as lost");
        Map<?, ?> counters = (Map<?, ?>) s.get("counters");
        long lines = 0;
        for (Path d : docs) lines += Oracle.lines(d).size();
        assertEquals(lines, ((Number) counters.get("map.input.records")).longValue(), "counters count each task once");
    }

    /** Tasks of 0-3 s with a 2 s lease: without lease renewals each would run twice. */
    @Test
    void noFaultsMeansEachTaskRunsExactlyOnceAndTasksRunInParallel() throws Exception {
        Manifest spec = spec(
                "wordcount",
                "output/ft-count/",
                4,
                40_000,
                Map.of(),
                new Recovery(2, true, 3, 30, 900),
                "delay=1,maxDelay=3s,seed=2");
        JobRecord job = Jobs.runOk(client, "ft-count", spec);
        Map<String, Object> s = summary(job);
        for (Map<String, Object> t : tasks(s)) {
            assertEquals(1, attempts(t).size(), "task " + t.get("task") + " ran once: " + attempts(t));
        }
        assertTrue(overlaps(tasks(s), "m-") >= 2, "at least two map attempts overlap in time");
        assertTrue(overlaps(tasks(s), "r-") >= 2, "at least two reduce attempts overlap in time");
    }

    /** The most attempts of a phase running at one moment. */
    static int overlaps(List<Map<String, Object>> tasks, String prefix) {
        List<long[]> spans = new ArrayList<>();
        for (Map<String, Object> t : tasks) {
            if (!t.get("task").toString().startsWith(prefix)) continue;
            for (Map<String, Object> a : attempts(t)) {
                spans.add(new long[] {
                    Instant.parse((String) a.get("start")).toEpochMilli(),
                    Instant.parse((String) a.get("end")).toEpochMilli()
                });
            }
        }
        int best = 0;
        for (long[] x : spans) {
            int n = 0;
            for (long[] y : spans) if (y[0] <= x[0] && x[0] < y[1]) n++;
            best = Math.max(best, n);
        }
        return best;
    }

    @Test
    void nothingIsVisibleUnderTheOutputBeforeEveryReduceCommitted() throws Exception {
        Manifest spec = spec(
                "wordcount",
                "output/ft-early/",
                4,
                20_000,
                Map.of(),
                new Recovery(2, true, 3, 30, 900),
                "delay=1,maxDelay=2s,seed=3");
        String key = client.submit("ft-early", spec);
        AtomicReference<String> violation = new AtomicReference<>();
        List<String> firstSeen = new ArrayList<>();
        String jobId = client.awaitJobId(key, Duration.ofSeconds(30));
        while (true) {
            List<String> keys = client.outputKeys("output/ft-early/");
            if (!keys.isEmpty()) {
                if (firstSeen.isEmpty()) {
                    firstSeen.addAll(keys);
                    JobRecord now = client.job(jobId).orElseThrow();
                    if (now.reducesDone() != 4) {
                        violation.set(
                                "output visible with only " + now.reducesDone() + " of 4 reduces committed: " + keys);
                    }
                }
                if (keys.contains("output/ft-early/_SUCCESS") && keys.size() != 6) {
                    violation.set("_SUCCESS visible before every part and _JOB.json: " + keys);
                }
            }
            JobRecord job = client.job(jobId).orElseThrow();
            if (job.status().finished()) {
                assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
                break;
            }
            Thread.sleep(20);
        }
        assertTrue(violation.get() == null, violation.get());
        assertEquals(6, client.outputKeys("output/ft-early/").size(), "4 parts, _JOB.json, _SUCCESS");
    }

    @Test
    void aBackupAttemptRescuesAStragglingMapTask() throws Exception {
        // Pick a seed whose one straggler is a map task (decisions depend only on the seed and task).
        int maps = 4;
        long seed = 1;
        while (!straggledMap(seed, maps, 2)) seed++;
        long sleepMs = 1000;
        Manifest spec = Jobs.classes(
                        "io.gristmill.e2e.jobs.SlowMapper",
                        "io.gristmill.apps.SumReducer",
                        List.of("uploads/ft/"),
                        "output/ft-backup/",
                        2,
                        1L << 30)
                .toBuilder()
                .params(Map.of("sleepMs", Long.toString(sleepMs)))
                .recovery(new Recovery(1, true, 2, 1, 60))
                .chaos(Chaos.parse("straggle=1,seed=" + seed))
                .build();
        long start = System.currentTimeMillis();
        JobRecord job = Jobs.runOk(client, "ft-backup", spec);
        long elapsed = System.currentTimeMillis() - start;
        assertEquals(maps, job.maps());
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("backup"))));
        assertTrue(
                elapsed < 8 * sleepMs,
                "finished in " + elapsed + " ms, well before the straggler alone (~" + 10 * sleepMs + " ms)");
        Map<String, Object> straggler = null;
        for (Map<String, Object> t : tasks(summary(job))) {
            if (attempts(t).size() > 1) straggler = t;
        }
        assertNotNull(straggler, "one task had a backup attempt");
        Map<String, Object> committed = attempts(straggler).stream()
                .filter(a -> "committed".equals(a.get("outcome")))
                .findFirst()
                .orElseThrow();
        assertTrue(
                ((Number) committed.get("delivery")).intValue() > 1, "the backup attempt won: " + attempts(straggler));
    }

    static boolean straggledMap(long seed, int maps, int reducers) {
        Chaos c = Chaos.parse("straggle=1,seed=" + seed);
        for (int m = 0; m < maps; m++) if (c.straggles(true, m, maps, reducers)) return true;
        return false;
    }
}
