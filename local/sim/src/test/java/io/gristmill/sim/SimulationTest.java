package io.gristmill.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whole jobs on the simulator: the real protocol at a scale no local run reaches, and what the
 * simulation's knobs (instances killed, stragglers, backups, the two-level shuffle) do to a job.
 */
class SimulationTest {
    static SimOptions sort(long bytes, int reducers) {
        return SimOptions.defaults("sort", bytes).withReducers(reducers).withObjects(4);
    }

    @Test
    void aJobOfMoreThan50000MapTasksRunsToTheEnd() throws Exception {
        // 51,200 splits of 4 KB: more map tasks than a job's single DynamoDB item could once count.
        SimResult r = Simulation.run(SimOptions.defaults("wordcount", 51_200L * 4096)
                .withSplitSize(4096)
                .withReducers(2)
                .withObjects(8));
        assertEquals("SUCCEEDED", r.status(), r.error());
        assertEquals(51_200, r.maps());
        assertTrue(r.merges() > 0, "so many map outputs get a second shuffle level: " + r.merges());
        assertEquals(51_200 + r.merges() + 2, r.attempts(), "one attempt per task");
        assertEquals(51_200L + r.merges() + 2 + 1, r.requests().get("Lambda.Invoke"), "and the coordinator's");
    }

    @Test
    void theSameSeedGivesTheSameRun() throws Exception {
        SimOptions o = sort(2L << 30, 16).withStragglers(0.05, 4).withSeed(3);
        SimResult a = Simulation.run(o);
        SimResult b = Simulation.run(o);
        assertEquals(a.seconds(), b.seconds());
        assertEquals(a.requests(), b.requests());
        assertEquals(a.costUsd(), b.costUsd());
    }

    @Test
    void killedInstancesCostAttemptsAndTimeButTheJobEnds() throws Exception {
        SimOptions o = sort(4L << 30, 16);
        SimResult calm = Simulation.run(o);
        SimResult killed = Simulation.run(o.withKills(List.of(new SimOptions.Kill(10, 8_000))));
        assertEquals("SUCCEEDED", killed.status(), killed.error());
        assertEquals(10, ((Number) killed.lambda().get("killed")).intValue());
        // An instance stopped during its cold start had not recorded its attempt yet: not every kill shows.
        assertTrue(killed.attempts() > calm.attempts(), calm.attempts() + " then " + killed.attempts());
        assertTrue(killed.seconds() > calm.seconds(), "a lost attempt runs again a lease later");
    }

    @Test
    void backupTasksRescueStragglers() throws Exception {
        SimOptions o = sort(4L << 30, 16).withStragglers(0.05, 20).withSeed(5);
        SimResult withBackups = Simulation.run(o);
        SimResult without = Simulation.run(o.withBackups(false));
        assertTrue(((Number) without.lambda().get("straggledAttempts")).longValue() > 0, "some attempts straggled");
        assertTrue(
                without.seconds() > withBackups.seconds() * 1.3,
                "without backups " + without.seconds() + " s, with " + withBackups.seconds() + " s");
        assertTrue(withBackups.attempts() > without.attempts(), "backups are extra attempts");
    }

    @Test
    void aTwoLevelShuffleMakesFewerRequestsOfTheReducers() throws Exception {
        SimOptions o = SimOptions.defaults("sort", 4L << 30)
                .withSplitSize(16L << 20)
                .withReducers(64)
                .withObjects(4);
        SimResult one = Simulation.run(o);
        SimResult two = Simulation.run(o.withMergeAbove(1));
        assertEquals(0, one.merges());
        assertTrue(two.merges() > 0);
        long gets1 = one.requests().get("S3.GetObject");
        long gets2 = two.requests().get("S3.GetObject");
        assertTrue(gets2 * 2 < gets1, "GETs: one level " + gets1 + ", two levels " + gets2);
    }

    @Test
    void partitionsTooLargeForATasksTmpAreRefusedWithAnRThatFits() throws Exception {
        SimResult r = Simulation.run(sort(64L << 30, 8));
        assertEquals("FAILED", r.status());
        assertTrue(r.error().contains("use at least") && r.error().contains("reducers"), r.error());
        assertEquals(0, r.maps(), "refused before any task ran");
    }

    @Test
    void aPrefixServesItsRequestRateAndThrottlesTheRest() {
        RateLimit gets = new RateLimit(5500);
        RateLimit.Admission within = gets.admit("a/", 5000, 0, 1000);
        assertEquals(new RateLimit.Admission(0, 0), within, "a second's worth, in hand");
        RateLimit.Admission over = gets.admit("b/", 55_000, 0, 1000);
        assertTrue(over.delayMillis() > 8000, "55,000 GETs take ten seconds of one prefix: " + over);
        assertTrue(over.throttled() > 40_000, "most were refused first: " + over);
        assertEquals(new RateLimit.Admission(0, 0), gets.admit("c/", 5000, 0, 1000), "other prefixes are free");
    }

    static Map<String, Long> s3(SimResult r) {
        Map<String, Long> out = new java.util.TreeMap<>();
        r.requests().forEach((k, v) -> {
            if (k.startsWith("S3.")) out.put(k, v);
        });
        return out;
    }
}
