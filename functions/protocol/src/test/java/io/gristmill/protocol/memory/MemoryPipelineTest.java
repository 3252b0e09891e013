package io.gristmill.protocol.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.PipelineApps;
import io.gristmill.protocol.Keys;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.PipelineStatus;
import io.gristmill.protocol.state.PipelineSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pipelines on the in-memory cloud: each stage starts when the one before publishes, with the real
 * coordinator and publisher. Built-in pipelines against sequential references, crashes between
 * stages, repeats that stop early, and pipelines that cannot run.
 */
class MemoryPipelineTest {
    @TempDir
    Path tmp;

    private static final List<String> DOCS = List.of(Texts.document(11, 400), Texts.document(12, 250));

    private MemoryCloud cloud() {
        MemoryCloud cloud = new MemoryCloud(tmp, 3, 64 << 20, 4, 1);
        for (int i = 0; i < DOCS.size(); i++) cloud.upload("uploads/p/doc" + i + ".txt", Texts.bytes(DOCS.get(i)));
        return cloud;
    }

    private static PipelineRecord onlyPipeline(MemoryCloud cloud) throws Exception {
        List<PipelineRecord> all =
                cloud.table().recentPipelines(10, cloud.clock().now());
        assertEquals(1, all.size(), "one pipeline: " + all);
        return all.get(0);
    }

    /** The parts under a prefix, concatenated in order. */
    private static List<String> parts(MemoryCloud cloud, String prefix) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int r = 0; ; r++) {
            var part = cloud.objects().getText(prefix + Keys.partName(r));
            if (part.isEmpty()) return lines;
            lines.addAll(part.get().lines().toList());
        }
    }

    /** The k most frequent words, most frequent first, ties by the word in String order. */
    private static List<String> topWords(int k) {
        List<String[]> counts = new ArrayList<>();
        for (String line : Texts.wordCount(DOCS)) counts.add(line.split("\t"));
        counts.sort(
                Comparator.comparingLong((String[] c) -> -Long.parseLong(c[1])).thenComparing(c -> c[0]));
        return counts.stream().limit(k).map(c -> c[0] + "\t" + c[1]).toList();
    }

    private static String topwords(int k) throws Exception {
        return PipelineApps.build("topwords", Map.of("k", Integer.toString(k)), List.of("uploads/p/"), "output/top/", 2)
                .orElseThrow()
                .toJson();
    }

    @Test
    void topwordsEqualsASequentialTopK() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload("jobs/top.json", Texts.bytes(topwords(7)));
        cloud.runUntilIdle(2000);
        PipelineRecord p = onlyPipeline(cloud);
        assertEquals(PipelineStatus.SUCCEEDED, p.status(), p.error());
        assertEquals(topWords(7), parts(cloud, "output/top/top/"));
        assertEquals(Map.of(), cloud.leftovers());

        PipelineSummary summary = PipelineSummary.fromJson(
                cloud.objects().getText("output/top/_PIPELINE.json").orElseThrow());
        assertEquals(PipelineStatus.SUCCEEDED, summary.status());
        assertEquals(
                List.of("count", "top"),
                summary.stages().stream().map(PipelineSummary.Stage::name).toList());
        for (PipelineSummary.Stage s : summary.stages()) {
            assertEquals(1, s.runs().size(), s.name() + " ran once");
            assertEquals(JobStatus.SUCCEEDED, s.runs().get(0).status());
        }
        assertEquals(7, summary.stages().get(1).runs().get(0).counters().get("reduce.output.records"));
        assertEquals(summary, PipelineSummary.fromJson(summary.toJson()));
    }

    @Test
    void moreLinesAskedThanWordsGivesEveryWord() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload("jobs/top.json", Texts.bytes(topwords(1000)));
        cloud.runUntilIdle(2000);
        assertEquals(topWords(1000), parts(cloud, "output/top/top/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"publish.afterSuccess", "publish.afterNextStage", "coordinator.afterCreate"})
    void aCrashBetweenStagesRunsEachStageOnce(String point) throws Exception {
        MemoryCloud cloud = cloud();
        String manifest = topwords(5).replaceFirst("\\{", "{\"chaos\": \"at=" + point + ",seed=3\",");
        cloud.upload("jobs/top.json", Texts.bytes(manifest));
        cloud.runUntilIdle(3000);
        assertTrue(cloud.crashes() >= 1, "an attempt crashed at " + point);
        PipelineRecord p = onlyPipeline(cloud);
        assertEquals(PipelineStatus.SUCCEEDED, p.status(), p.error());
        assertEquals(topWords(5), parts(cloud, "output/top/top/"));
        List<JobRecord> jobs = cloud.table().recentJobs(100, cloud.clock().now());
        assertEquals(2, jobs.size(), "one job per stage, however often a stage was asked to start: " + jobs);
        assertTrue(jobs.stream().allMatch(j -> j.status() == JobStatus.SUCCEEDED));
    }

    /** A small directed graph, with a page that links nowhere and one that nothing links to. */
    private static final String GRAPH = String.join(
            "\n", "a\tb", "a\tc", "b\tc", "c\ta", "d\tc", "d\te", "e\ta", "e\tb", "e\tc", "f\ta", "b\tg", "");

    /** Brin and Page's formula, iterated as the pipeline does, summing shares in ascending order. */
    private static Map<String, Double> pageRank(int iterations, double d) {
        Map<String, TreeSet<String>> links = new TreeMap<>();
        for (String edge : GRAPH.split("\n")) {
            if (edge.isEmpty()) continue;
            String[] e = edge.split("\t");
            links.computeIfAbsent(e[0], k -> new TreeSet<>()).add(e[1]);
            links.computeIfAbsent(e[1], k -> new TreeSet<>());
        }
        Map<String, Double> rank = new TreeMap<>();
        links.keySet().forEach(p -> rank.put(p, 1.0));
        for (int i = 0; i < iterations; i++) {
            Map<String, List<Double>> shares = new HashMap<>();
            links.forEach((p, out) -> {
                for (String q : out)
                    shares.computeIfAbsent(q, k -> new ArrayList<>()).add(rank.get(p) / out.size());
            });
            Map<String, Double> next = new TreeMap<>();
            for (String p : links.keySet()) {
                List<Double> in = new ArrayList<>(shares.getOrDefault(p, List.of()));
                in.sort(null);
                double sum = 0;
                for (double s : in) sum += s;
                next.put(p, (1 - d) + d * sum);
            }
            rank.clear();
            rank.putAll(next);
        }
        return rank;
    }

    @Test
    void pagerankEqualsASequentialImplementation() throws Exception {
        MemoryCloud cloud = new MemoryCloud(tmp, 2, 64 << 20, 4, 1);
        cloud.upload("uploads/graph/edges.txt", Texts.bytes(GRAPH));
        String manifest = PipelineApps.build(
                        "pagerank",
                        Map.of("iterations", "12", "epsilon", "0"),
                        List.of("uploads/graph/"),
                        "output/pr/",
                        2)
                .orElseThrow()
                .toJson();
        cloud.upload("jobs/pr.json", Texts.bytes(manifest));
        cloud.runUntilIdle(5000);
        PipelineRecord p = onlyPipeline(cloud);
        assertEquals(PipelineStatus.SUCCEEDED, p.status(), p.error());
        Map<String, Double> expected = pageRank(12, 0.85);
        Map<String, Double> actual = new TreeMap<>();
        for (String line : parts(cloud, "output/pr/rank/iteration-12/")) {
            String[] f = line.split("\t", -1);
            actual.put(f[0], Double.parseDouble(f[1]));
        }
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((page, r) -> assertEquals(r, actual.get(page), 1e-9, page));
    }

    @Test
    void aRepeatStopsWhenItsCounterReachesTheValue() throws Exception {
        MemoryCloud cloud = new MemoryCloud(tmp, 2, 64 << 20, 4, 1);
        cloud.upload("uploads/graph/edges.txt", Texts.bytes(GRAPH));
        String manifest = PipelineApps.build(
                        "pagerank",
                        Map.of("iterations", "200", "epsilon", "1e-6"),
                        List.of("uploads/graph/"),
                        "output/pr/",
                        2)
                .orElseThrow()
                .toJson();
        cloud.upload("jobs/pr.json", Texts.bytes(manifest));
        cloud.runUntilIdle(20000);
        PipelineRecord p = onlyPipeline(cloud);
        assertEquals(PipelineStatus.SUCCEEDED, p.status(), p.error());
        PipelineSummary summary = PipelineSummary.fromJson(
                cloud.objects().getText("output/pr/_PIPELINE.json").orElseThrow());
        List<PipelineSummary.Run> runs = summary.stages().get(1).runs();
        assertTrue(runs.size() > 2 && runs.size() < 200, "converged early, after " + runs.size() + " iterations");
        assertEquals(0, runs.get(runs.size() - 1).counters().getOrDefault("user.changed", 0L));
        assertTrue(runs.get(runs.size() - 2).counters().getOrDefault("user.changed", 0L) > 0);
    }

    @Test
    void aStageThatFailsFailsThePipelineAndNothingAfterItStarts() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload("jobs/bad.json", Texts.bytes("""
                {"input": "uploads/p/", "output": "output/bad/", "stages": [
                  {"name": "count", "app": "wordcount"},
                  {"name": "boom", "mapper": "%s", "reducer": "io.gristmill.apps.SumReducer"},
                  {"name": "never", "app": "sort"}]}""".formatted(FailingMapper.class.getName())));
        cloud.runUntilIdle(3000);
        PipelineRecord p = onlyPipeline(cloud);
        assertEquals(PipelineStatus.FAILED, p.status());
        assertTrue(p.error().contains("stage 2 ('boom'") && p.error().contains("this mapper always fails"), p.error());
        assertEquals(2, cloud.table().recentJobs(100, cloud.clock().now()).size(), "stage 3 never started");
        PipelineSummary summary = PipelineSummary.fromJson(
                cloud.objects().getText("output/bad/_PIPELINE.json").orElseThrow());
        assertEquals(PipelineStatus.FAILED, summary.status());
        assertEquals(List.of(), summary.stages().get(2).runs());
    }

    @Test
    void aStageWhoseInputIsEmptyRunsOnNoRecords() throws Exception {
        MemoryCloud cloud = cloud();
        cloud.upload("jobs/empty.json", Texts.bytes("""
                {"input": "uploads/p/", "output": "output/empty/", "stages": [
                  {"name": "none", "app": "grep", "params": {"pattern": "no such words here"}},
                  {"name": "count", "app": "wordcount"}]}"""));
        cloud.runUntilIdle(3000);
        PipelineRecord p = onlyPipeline(cloud);
        assertEquals(PipelineStatus.SUCCEEDED, p.status(), p.error());
        assertEquals(List.of(), parts(cloud, "output/empty/count/"));
    }

    @Test
    void pipelinesThatCannotRunFailBeforeTheFirstStageNamingTheStageAndTheField() throws Exception {
        String[][] cases = {
            {"""
                {"input": "uploads/p/", "stages": [{"app": "wordcount"}, {"app": "sort"}, {"app": "wrodcount"}]}""", "stage 3", "unknown app 'wrodcount'"},
            {"""
                {"input": "uploads/p/", "stages": [{"app": "wordcount", "repeat": "forever"}]}""", "stage 1", "\"repeat\" must be a whole number"},
            {"""
                {"input": "uploads/p/", "stages": [{"app": "wordcount", "until": {"counter": "x", "equals": 0}}]}""", "stage 1", "give \"repeat\" too"},
            {"""
                {"input": "uploads/p/", "stages": [{"name": "a", "app": "wordcount", "input": "@b"},
                  {"name": "b", "app": "wordcount"}]}""", "stage 1 ('a')", "would be a cycle"},
            {"""
                {"input": "uploads/p/", "stages": [{"app": "grep"}]}""", "stage 1", "needs the parameter 'pattern'"},
        };
        for (String[] c : cases) {
            MemoryCloud cloud = cloud();
            cloud.upload("jobs/bad.json", Texts.bytes(c[0]));
            cloud.runUntilIdle(200);
            PipelineRecord p = onlyPipeline(cloud);
            assertEquals(PipelineStatus.FAILED, p.status(), c[0]);
            assertTrue(p.error().contains(c[1]) && p.error().contains(c[2]), p.error());
            assertEquals(List.of(), cloud.table().recentJobs(10, cloud.clock().now()), "no stage ran");
            assertTrue(
                    cloud.objects().getText(p.outputPrefix() + "_PIPELINE.json").isPresent());
        }
    }

    @Test
    void everyCrashPointOfAPlainJobIsReachedByAPipelineStageToo() {
        // The crash-point suites iterate FaultPoint; the one only pipelines reach is tested above.
        assertTrue(FaultPoint.PUBLISH_AFTER_NEXT_STAGE.pipelineOnly());
    }
}
