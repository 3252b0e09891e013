package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Manifest;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void wordCountOverGeneratedTextEqualsTheSequentialCount() throws Exception {
        List<Path> files = Corpus.write(tmp.resolve("docs"), 3, 2000, 1);
        JobClient client = SharedCloud.client();
        client.upload("uploads/wc1/", List.of(tmp.resolve("docs")));
        Manifest spec = Jobs.spec("wordcount", List.of("uploads/wc1/"), "output/wc1/", 3, 16 << 10, Map.of());
        String key = client.submit("wc1", spec);
        String jobId = client.awaitJobId(key, Duration.ofSeconds(30));
        JobRecord job = client.await(jobId, Duration.ofSeconds(120), j -> {});
        assertEquals(JobStatus.SUCCEEDED, job.status(), () -> "job failed: " + job.error());
        Map<String, Path> out = client.fetch("output/wc1/", tmp.resolve("out"));
        assertTrue(out.containsKey("_SUCCESS"));
        assertTrue(out.containsKey("_JOB.json"));
        List<String> actual = new ArrayList<>();
        for (int r = 0; r < 3; r++) actual.addAll(Oracle.lines(out.get(String.format("part-r-%05d", r))));
        actual.sort(null);
        assertEquals(Oracle.wordCount(files), actual);
    }
}
