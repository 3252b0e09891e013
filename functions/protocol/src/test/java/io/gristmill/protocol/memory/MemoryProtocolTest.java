package io.gristmill.protocol.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.job.FaultPoint;
import io.gristmill.protocol.Keys;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real protocol (coordinator, map and reduce attempts, publication, dead letters) on the
 * in-memory cloud and a virtual clock: whole jobs, every crash point, duplicates and poison tasks, in
 * milliseconds each. The end-to-end suites run the same code over HTTP against the emulators.
 */
class MemoryProtocolTest {
    @TempDir
    Path tmp;

    private static final List<String> DOCS =
            List.of(Texts.document(1, 300), Texts.document(2, 200), Texts.document(3, 50));

    /** A cloud holding the three documents under {@code uploads/t/}. */
    private MemoryCloud cloud(int maxReceives) {
        MemoryCloud cloud = new MemoryCloud(tmp, 3, 64 << 20, maxReceives, 1);
        for (int i = 0; i < DOCS.size(); i++) cloud.upload("uploads/t/doc" + i + ".txt", Texts.bytes(DOCS.get(i)));
        return cloud;
    }

    private static String manifest(String extra) {
        return "{\"app\": \"wordcount\", \"input\": \"uploads/t/\", \"output\": \"output/t/\", \"reducers\": 3,"
                + " \"splitSize\": 4000, \"lease\": \"2s\"" + extra + "}";
    }

    private static JobRecord onlyJob(MemoryCloud cloud) throws Exception {
        List<JobRecord> jobs = cloud.table().recentJobs(10, cloud.clock().now());
        assertEquals(1, jobs.size(), "one job: " + jobs);
        return jobs.get(0);
    }

    /** The parts, concatenated in order, split into lines. */
    private static List<String> output(MemoryCloud cloud, String prefix, int reducers) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < reducers; r++) {
            String part = cloud.objects().getText(prefix + Keys.partName(r)).orElseThrow();
            lines.addAll(part.lines().toList());
        }
        lines.sort(null);
        return lines;
    }

    private static void assertSucceededWithTheSequentialOutput(MemoryCloud cloud) throws Exception {
        JobRecord job = onlyJob(cloud);
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        assertEquals(Texts.wordCount(DOCS), output(cloud, "output/t/", 3));
        assertTrue(cloud.objects().getText("output/t/_SUCCESS").isPresent(), "_SUCCESS is there");
        assertEquals(Map.of(), cloud.leftovers(), "no message is left on any queue");
    }

    @Test
    void aJobEqualsASequentialRunAndExplainsItself() throws Exception {
        MemoryCloud cloud = cloud(4);
        cloud.upload("jobs/wc.json", Texts.bytes(manifest("")));
        cloud.runUntilIdle(1000);
        assertSucceededWithTheSequentialOutput(cloud);

        JobSummary summary = JobSummary.fromJson(
                cloud.objects().getText("output/t/_JOB.json").orElseThrow());
        JobRecord job = onlyJob(cloud);
        assertEquals(job.jobId(), summary.job());
        assertEquals(JobStatus.SUCCEEDED, summary.status());
        assertEquals(job.maps() + 3, summary.tasks().size());
        assertTrue(job.maps() >= 3, "the split size cut several map tasks: " + job.maps());
        long words = Texts.wordCount(DOCS).stream()
                .mapToLong(l -> Long.parseLong(l.split("\t")[1]))
                .sum();
        assertEquals(words, summary.counter("map.output.records"), "every word emitted once, counted once");
        assertEquals(Texts.wordCount(DOCS).size(), summary.counter("reduce.output.records"));
        assertTrue(
                summary.tasks().stream()
                        .allMatch(t ->
                                t.attempts().size() == 1 && t.attempts().get(0).outcome() == Outcome.COMMITTED),
                "one committed attempt per task");
        for (String counter : List.of("map.input.bytes", "map.output.bytes", "reduce.shuffle.bytes")) {
            long perTask = summary.tasks().stream()
                    .mapToLong(t -> t.counters().getOrDefault(counter, 0L))
                    .sum();
            assertTrue(perTask > 0, counter + " is recorded per task");
            assertEquals(summary.counter(counter), perTask, "each task's " + counter + " adds up to the job's");
        }
        assertEquals(summary, JobSummary.fromJson(summary.toJson()), "the summary reads back as written");
    }

    /** Points where an attempt dies without a word in the table: it shows as lost once its task is done. */
    private static final java.util.Set<FaultPoint> DIES_BEFORE_ITS_OUTCOME_IS_RECORDED = java.util.EnumSet.of(
            FaultPoint.MAP_START,
            FaultPoint.MAP_INPUT,
            FaultPoint.MAP_BEFORE_COMMIT,
            FaultPoint.MAP_AFTER_COMMIT,
            FaultPoint.REDUCE_START,
            FaultPoint.REDUCE_INPUT,
            FaultPoint.REDUCE_BEFORE_COMMIT,
            FaultPoint.REDUCE_AFTER_COMMIT);

    @ParameterizedTest
    @EnumSource(FaultPoint.class)
    void aCrashAtAnyPointOfTheProtocolLosesNothing(FaultPoint point) throws Exception {
        if (point.pipelineOnly()) return; // MemoryPipelineTest crashes there
        MemoryCloud cloud = cloud(8);
        cloud.upload("jobs/wc.json", Texts.bytes(manifest(", \"chaos\": \"at=" + point.id() + ",seed=1\"")));
        long start = cloud.clock().now();
        cloud.runUntilIdle(2000);
        assertTrue(cloud.crashes() >= 1, "an attempt really crashed at " + point);
        assertSucceededWithTheSequentialOutput(cloud);
        JobSummary summary = JobSummary.fromJson(
                cloud.objects().getText("output/t/_JOB.json").orElseThrow());
        if (DIES_BEFORE_ITS_OUTCOME_IS_RECORDED.contains(point)) {
            assertTrue(
                    summary.tasks().stream()
                            .flatMap(t -> t.attempts().stream())
                            .anyMatch(a -> a.outcome() == Outcome.LOST),
                    "the crashed attempt shows as lost");
        }
        // A crashed attempt's message comes back when its lease (2 s) lapses, not after the queue's
        // visibility timeout (5,400 s): the job takes seconds of virtual time per crash, not hours.
        assertTrue(
                cloud.clock().now() - start < 60_000,
                "recovered within leases: " + (cloud.clock().now() - start) + " ms");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void randomCrashesAndDelaysStillGiveTheSequentialOutput(int seed) throws Exception {
        MemoryCloud cloud = cloud(20);
        cloud.upload("jobs/wc.json", Texts.bytes(manifest(", \"chaos\": \"crash=0.4,delay=0.3,seed=" + seed + "\"")));
        cloud.runUntilIdle(5000);
        assertSucceededWithTheSequentialOutput(cloud);
    }

    @Test
    void aDuplicatedUploadEventStartsOneJob() throws Exception {
        MemoryCloud cloud = cloud(4);
        cloud.upload("jobs/wc.json", Texts.bytes(manifest("")));
        String event = cloud.queues().coordinator().bodies().get(0);
        cloud.queues().coordinator().send(event); // S3 delivers at least once
        cloud.runUntilIdle(1000);
        assertSucceededWithTheSequentialOutput(cloud);
        assertEquals(1, cloud.table().recentJobs(10, cloud.clock().now()).size());
    }

    @Test
    void lateDuplicatesOfTaskMessagesChangeNothing() throws Exception {
        MemoryCloud cloud = cloud(4);
        cloud.upload("jobs/wc.json", Texts.bytes(manifest("")));
        // Deliver the coordinator's event, then copy every map message before any map runs.
        assertTrue(cloud.deliverOne());
        List<String> maps = cloud.queues().map().bodies();
        cloud.runUntilIdle(1000);
        byte[] part = cloud.objects().get("output/t/" + Keys.partName(0)).orElseThrow();
        for (String m : maps) cloud.queues().map().send(m);
        cloud.runUntilIdle(1000);
        assertArrayEquals(
                part, cloud.objects().get("output/t/" + Keys.partName(0)).orElseThrow());
        assertSucceededWithTheSequentialOutput(cloud);
    }

    @Test
    void aTaskThatAlwaysFailsFailsItsJobWithTheTaskAndTheError() throws Exception {
        MemoryCloud cloud = cloud(3);
        cloud.upload(
                "jobs/bad.json",
                Texts.bytes("{\"mapper\": \"" + FailingMapper.class.getName()
                        + "\", \"reducer\": \"io.gristmill.apps.SumReducer\", \"input\": \"uploads/t/doc2.txt\"}"));
        cloud.runUntilIdle(1000);
        JobRecord job = onlyJob(cloud);
        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(job.error().contains("task m-00000 failed 3 attempts"), job.error());
        assertTrue(job.error().contains("this mapper always fails"), job.error());
        JobSummary summary = JobSummary.fromJson(
                cloud.objects().getText(job.outputPrefix() + "_JOB.json").orElseThrow());
        assertEquals(JobStatus.FAILED, summary.status());
        assertEquals(
                List.of(Outcome.FAILED, Outcome.FAILED, Outcome.FAILED),
                summary.tasks().get(0).attempts().stream().map(a -> a.outcome()).toList());
    }

    @Test
    void aManifestThatCannotRunFailsAtOnceAndSaysWhy() throws Exception {
        MemoryCloud cloud = cloud(4);
        cloud.upload("jobs/typo.json", Texts.bytes("{\"app\": \"wrodcount\", \"input\": \"uploads/t/\"}"));
        cloud.runUntilIdle(100);
        JobRecord job = onlyJob(cloud);
        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(job.error().contains("unknown app 'wrodcount'"), job.error());
        assertFalse(job.spec().isPresent(), "a job that never had a spec");
        JobSummary summary = JobSummary.fromJson(
                cloud.objects().getText(job.outputPrefix() + "_JOB.json").orElseThrow());
        assertTrue(summary.error().contains("unknown app"), summary.error());
    }

    @Test
    void anUploadUnderInputStartsThatAppOverThatObject() throws Exception {
        MemoryCloud cloud = cloud(4);
        cloud.upload("input/wordcount/doc.txt", Texts.bytes(DOCS.get(0)));
        cloud.runUntilIdle(1000);
        JobRecord job = onlyJob(cloud);
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        assertEquals(Texts.wordCount(List.of(DOCS.get(0))), output(cloud, job.outputPrefix(), 3));
    }

    @Test
    void aJobCostsTheRequestsOfTheCostModel() throws Exception {
        MemoryCloud cloud = cloud(4);
        Map<String, Long> before = cloud.requests();
        cloud.upload("jobs/wc.json", Texts.bytes(manifest("")));
        cloud.runUntilIdle(1000);
        Map<String, Long> used = new java.util.TreeMap<>(cloud.requests());
        before.forEach((k, v) -> used.merge(k, -v, Long::sum));
        int m = onlyJob(cloud).maps();
        int r = 3;
        assertEquals(1 + m + r + 3, used.get("S3.PutObject"), "the manifest, M + R outputs, plan, _JOB.json, _SUCCESS");
        assertEquals(r, used.get("S3.CopyObject"), "one copy per part");
        assertEquals((m + 9) / 10 + (r + 9) / 10, used.get("Sqs.SendMessageBatch"), "batches of ten");
        assertEquals(
                3L * (m + r) + 1 + 1 + 1 + 1 + 1,
                used.get("DynamoDb.UpdateItem"),
                "per task: start, commit, count; per job: trigger, map phase, reduce phase, reduces sent, success");
        assertEquals(1, used.get("DynamoDb.PutItem"), "the job's item");
    }

    /** A cloud whose coordinator chooses a two-level shuffle for any job of four map tasks or more. */
    private MemoryCloud twoLevelCloud(int maxReceives) {
        MemoryCloud cloud = new MemoryCloud(tmp, 3, 64 << 20, maxReceives, 1, 1);
        for (int i = 0; i < DOCS.size(); i++) cloud.upload("uploads/t/doc" + i + ".txt", Texts.bytes(DOCS.get(i)));
        return cloud;
    }

    @Test
    void aTwoLevelShuffleGivesTheSameOutputThroughMergeTasks() throws Exception {
        MemoryCloud cloud = twoLevelCloud(4);
        cloud.upload("jobs/wc.json", Texts.bytes(manifest("")));
        cloud.runUntilIdle(1000);
        assertSucceededWithTheSequentialOutput(cloud);
        JobRecord job = onlyJob(cloud);
        int merges = job.merges();
        assertTrue(merges >= 2 && merges < job.maps(), "merge tasks: " + merges + " for " + job.maps() + " maps");
        JobSummary summary = JobSummary.fromJson(
                cloud.objects().getText("output/t/_JOB.json").orElseThrow());
        assertEquals(job.maps() + merges + 3, summary.tasks().size(), "maps, merges and reduces are all listed");
        assertEquals(
                summary.counter("reduce.input.records"),
                summary.counter("merge.records"),
                "the merges rewrote every (combined) map output record once, and the reducers read them");
        assertEquals(
                merges,
                cloud.objects().keys().stream()
                        .filter(k -> k.contains("/merge/"))
                        .count(),
                "one output per merge task");
    }

    @ParameterizedTest
    @EnumSource(FaultPoint.class)
    void aCrashAtAnyPointOfATwoLevelShuffleLosesNothing(FaultPoint point) throws Exception {
        if (point.pipelineOnly()) return; // MemoryPipelineTest crashes there
        MemoryCloud cloud = twoLevelCloud(8);
        cloud.upload("jobs/wc.json", Texts.bytes(manifest(", \"chaos\": \"at=" + point.id() + ",seed=1\"")));
        cloud.runUntilIdle(2000);
        assertTrue(cloud.crashes() >= 1, "an attempt really crashed at " + point);
        assertSucceededWithTheSequentialOutput(cloud);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void randomCrashesInATwoLevelShuffleStillGiveTheSequentialOutput(int seed) throws Exception {
        MemoryCloud cloud = twoLevelCloud(20);
        cloud.upload("jobs/wc.json", Texts.bytes(manifest(", \"chaos\": \"crash=0.4,delay=0.3,seed=" + seed + "\"")));
        cloud.runUntilIdle(5000);
        assertSucceededWithTheSequentialOutput(cloud);
    }

    @Test
    void thousandsOfTasksAreCountedInATreeOfSmallSetsAndTheJobEndsOnce() throws Exception {
        MemoryCloud cloud = cloud(4);
        // Splits of 6 bytes: a few thousand map tasks, so the map phase's done sets have two levels.
        cloud.upload("jobs/wc.json", Texts.bytes(manifest("").replace("\"splitSize\": 4000", "\"splitSize\": 6")));
        cloud.runUntilIdle(100_000);
        assertSucceededWithTheSequentialOutput(cloud);
        JobRecord job = onlyJob(cloud);
        assertTrue(job.maps() > io.gristmill.protocol.cloud.DoneTree.FANOUT, "maps: " + job.maps());
        assertEquals(job.maps(), job.mapsDone());
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        assertTrue(Arrays.equals(expected, actual), "the same bytes: " + new String(actual, StandardCharsets.UTF_8));
    }
}
