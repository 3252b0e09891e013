package io.gristmill.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskStatus;
import io.gristmill.report.Runs.Run;
import io.gristmill.report.testing.SampleJobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The report's computations, one at a time: backups, bars' ends, rows, rates, ticks, the cost model. */
class PartsTest {
    private static final long T0 = SampleJobs.T0;

    private static Attempt a(String id, long from, Long to, Outcome o) {
        return new Attempt(id, 1, "w-" + id, T0 + from, to == null ? null : T0 + to, o, null);
    }

    private static List<Run> runs(Attempt... attempts) {
        TaskSummary t = new TaskSummary(TaskId.map(0), null, TaskStatus.DONE, null, null, List.of(attempts), Map.of());
        return Runs.ofTask(0, t, T0 + 100_000);
    }

    private static Map<String, Run> byId(List<Run> runs) {
        return runs.stream().collect(Collectors.toMap(r -> r.attempt().id(), r -> r));
    }

    @Test
    void anAttemptThatStartedWhileAnEarlierOneStillRanIsABackup() {
        Map<String, Run> r =
                byId(runs(a("slow", 0, 50_000L, Outcome.SUPERSEDED), a("backup", 20_000, 30_000L, Outcome.COMMITTED)));
        assertTrue(r.get("backup").backup());
        assertTrue(r.get("slow").straggler());
        assertFalse(r.get("slow").backup());
        assertFalse(r.get("backup").straggler());
    }

    @Test
    void aRetryAfterAFailureOrACrashIsNoBackup() {
        Map<String, Run> r = byId(runs(
                a("failed", 0, 1_000L, Outcome.FAILED),
                a("crashed", 2_000, null, Outcome.LOST),
                a("won", 70_000, 71_000L, Outcome.COMMITTED)));
        assertFalse(r.get("crashed").backup());
        assertFalse(r.get("won").backup());
        assertFalse(r.get("failed").straggler() || r.get("crashed").straggler());
        assertEquals(T0 + 70_000, r.get("crashed").end(), "a lost attempt's bar ends where the next began");
        assertFalse(r.get("crashed").endKnown());
        assertFalse(r.get("crashed").running());
    }

    @Test
    void theLastAttemptWithoutAnEndRunsToTheSummarysTime() {
        Map<String, Run> r = byId(runs(a("silent", 0, null, Outcome.RUNNING), a("now", 5_000, null, Outcome.RUNNING)));
        assertEquals(T0 + 100_000, r.get("now").end());
        assertTrue(r.get("now").running());
        assertFalse(r.get("silent").running(), "an attempt with a later one beside it went silent");
        assertEquals(T0 + 5_000, r.get("silent").end());
    }

    @Test
    void neighbouringInstancesShareRowsWhenThereAreTooMany() {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Attempt at = new Attempt("a" + i, 1, "w" + i, T0 + i, T0 + i + 10L, Outcome.COMMITTED, null);
            TaskSummary t = new TaskSummary(TaskId.map(i), null, TaskStatus.DONE, null, null, List.of(at), Map.of());
            runs.addAll(Runs.ofTask(i, t, T0 + 2000));
        }
        Lanes lanes = Lanes.of(runs, 300);
        assertEquals(4, lanes.perRow());
        assertEquals(250, lanes.rows());
        assertEquals(0, lanes.row(runs.get(3)));
        assertEquals(1, lanes.row(runs.get(4)));
        assertEquals("instances 5-8", lanes.label(1));
        Lanes few = Lanes.of(runs.subList(0, 10), 300);
        assertEquals(10, few.rows());
        assertEquals("w3", few.label(3));
        String stream = "2026/12/02/[$LATEST]0123456789abcdef0123456789abcdef";
        assertEquals("…" + stream.substring(stream.length() - 23), Lanes.shortName(stream), "the end tells them apart");
    }

    @Test
    void ratesSpreadEachTasksBytesOverItsCommittedRunAndLoseNone() {
        double[] bins = new double[10];
        Rates.spread(bins, 1200, 150, 450, 100); // 4 bytes a millisecond: 50, 100, 100 and 50 ms of it
        assertEquals(200, bins[1], 1e-9);
        assertEquals(400, bins[2], 1e-9);
        assertEquals(400, bins[3], 1e-9);
        assertEquals(200, bins[4], 1e-9);
        assertEquals(0, bins[5], 1e-9);
        double[] all = new double[7];
        Rates.spread(all, 12_345, 0, 1_000, 1_000 / 7.0);
        Rates.spread(all, 100, 999, 999, 1_000 / 7.0);
        assertEquals(12_445, java.util.Arrays.stream(all).sum(), 1e-6, "every byte is in some bin");

        JobSummary s = SampleJobs.crashRetryBackup();
        List<Run> runs = Runs.of(s);
        TimeScale scale = TimeScale.of(s.created(), T0 + 6_000);
        Rates.Chart chart = Rates.of(runs, scale, 60);
        Rates.Series input = chart.series().get(0);
        double megabytes = 0;
        for (double v : input.mbPerSecond()) megabytes += v * chart.binMillis() / 1000.0;
        assertEquals(s.counter("map.input.bytes") / Rates.MB, megabytes, 1e-6, "the input curve adds up to the input");
        assertEquals(0, input.mbPerSecond()[1], "nothing was read before the first map started (0.2 s)");
        // Only m-00000 (1 MB over 0.2-1.2 s) reads between 0.3 and 1.1 s: 1 MB/s.
        assertEquals(1.0, input.mbPerSecond()[5], 1e-9);
    }

    @Test
    void ticksAreRoundAndLabelledInTheJobsUnits() {
        assertEquals(
                List.of(0L, 1000L, 2000L, 3000L, 4000L, 5000L, 6000L),
                TimeScale.of(T0, T0 + 6_000).ticks());
        assertEquals("2.5 s", TimeScale.label(2_500, 6_000));
        assertEquals("500 ms", TimeScale.label(500, 1_500));
        assertEquals("120 s", TimeScale.label(120_000, 300_000));
        List<Long> hour = TimeScale.of(T0, T0 + 3_600_000).ticks();
        assertEquals(10 * 60_000L, hour.get(1), "an hour in steps of ten minutes");
        assertEquals("10 min", TimeScale.label(hour.get(1), 3_600_000));
    }

    @Test
    void theCostModelCountsTheRequestsOfDeployMdsExample() {
        // docs/deploy.md: word count of 10 GB, 160 maps of 4 s and 4 reduces of 5 s, nothing failing.
        List<TaskSummary> tasks = new ArrayList<>();
        for (int m = 0; m < 164; m++) {
            boolean map = m < 160;
            long took = map ? 4_000 : 5_000;
            Attempt at = new Attempt("x" + m, 1, "w", T0, T0 + took, Outcome.COMMITTED, null);
            tasks.add(new TaskSummary(
                    map ? TaskId.map(m) : TaskId.reduce(m - 160),
                    null,
                    TaskStatus.DONE,
                    "x" + m,
                    null,
                    List.of(at),
                    Map.of()));
        }
        JobSummary s = new JobSummary(
                "j",
                "j",
                io.gristmill.protocol.state.JobStatus.SUCCEEDED,
                null,
                null,
                "s3://b/o/",
                T0,
                null,
                T0 + 9000,
                160,
                4,
                164,
                Map.of(),
                List.of(),
                java.util.Optional.empty(),
                tasks,
                0);
        CostEstimate c = CostEstimate.of(s, Runs.of(s), 1769, 1769);
        assertEquals(802, c.s3Reads(), "801 GETs and a HEAD");
        assertEquals(173, c.s3Writes(), "167 PUTs, 4 COPYs, 2 LISTs");
        assertEquals(498, c.tableWrites());
        assertEquals(171, c.tableReads());
        assertEquals(1141, c.lambdaGbSeconds(), 1, "1,106 + 35 GB-s");
        assertEquals(0.02, c.totalDollars(), 0.003, "about $0.02, as the page says");
    }
}
