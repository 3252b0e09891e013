package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.PipelineApps;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.PipelineStatus;
import io.gristmill.protocol.state.PipelineSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline on the local cloud, started as on AWS by uploading its manifest: each stage's
 * publication starts the next through the coordinator's queue, over the emulators.
 */
class PipelineEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void topwordsOnTheLocalCloudEqualsASequentialTopK() throws Exception {
        JobClient client = SharedCloud.client();
        List<Path> docs = Corpus.write(tmp.resolve("pl"), 3, 300, 71);
        client.upload("uploads/pl/", List.of(tmp.resolve("pl")));
        String manifest = PipelineApps.build("topwords", Map.of("k", "25"), List.of("uploads/pl/"), "output/pl/", 3)
                .orElseThrow()
                .toJson();
        String key = client.submitManifest("topwords-e2e", manifest);
        String id = client.awaitJobId(key, Duration.ofSeconds(30));
        PipelineRecord done = client.awaitPipeline(id, Duration.ofSeconds(180), Duration.ofMillis(100), (p, s) -> {});
        assertEquals(PipelineStatus.SUCCEEDED, done.status(), done.error());

        Map<String, Path> files = client.fetchPipeline(done, tmp.resolve("out"));
        List<String[]> counts = new ArrayList<>();
        for (String line : Oracle.wordCount(docs)) counts.add(line.split("\t"));
        counts.sort(
                Comparator.comparingLong((String[] c) -> -Long.parseLong(c[1])).thenComparing(c -> c[0]));
        List<String> expected =
                counts.stream().limit(25).map(c -> c[0] + "\t" + c[1]).toList();
        assertEquals(expected, Oracle.lines(files.get("part-r-00000")));
        assertTrue(
                files.containsKey("count/_JOB.json") && files.containsKey("top/_JOB.json"), files.keySet()::toString);
        PipelineSummary summary = PipelineSummary.fromJson(Files.readString(files.get("_PIPELINE.json")));
        assertEquals(2, summary.stages().size());
        assertEquals(id, summary.pipeline());
    }
}
