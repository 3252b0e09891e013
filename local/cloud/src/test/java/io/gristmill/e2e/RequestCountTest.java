package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.aws.RequestMetrics;
import io.gristmill.client.JobClient;
import io.gristmill.protocol.state.JobRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a job costs in requests, counted by the functions' SDK clients: one intermediate object per
 * map task (never M x R), at most M x R + M GETs, at most four table writes per task.
 */
class RequestCountTest {
    @TempDir
    Path tmp;

    @Test
    void aJobsRequestsStayWithinTheShuffleBudget() throws Exception {
        JobClient client = SharedCloud.client();
        List<Path> docs = Corpus.write(tmp.resolve("rc"), 3, 400, 61);
        client.upload("uploads/rc/", List.of(tmp.resolve("rc")));
        int r = 3;
        Map<String, Long> before = RequestMetrics.snapshot();
        JobRecord job = Jobs.runOk(
                client, "rc", Jobs.spec("wordcount", List.of("uploads/rc/"), "output/rc/", r, 12_000, Map.of()));
        Map<String, Long> used = RequestMetrics.since(before);
        int m = job.maps();
        assertTrue(m >= 6, "several map tasks: " + m);
        long puts = used.getOrDefault("S3.PutObject", 0L);
        assertEquals(
                m + r + 3, puts, "one object per map task, one per reduce task, plan, _JOB.json, _SUCCESS: " + used);
        assertEquals((long) r, used.getOrDefault("S3.CopyObject", 0L), "each part is published by one copy");
        long gets = used.getOrDefault("S3.GetObject", 0L);
        assertTrue(
                gets <= (long) m * r + m + 1,
                gets + " GETs for M=" + m + ", R=" + r + " (the +1 is the manifest): " + used);
        long writes = used.getOrDefault("DynamoDb.UpdateItem", 0L) + used.getOrDefault("DynamoDb.PutItem", 0L);
        assertTrue(writes <= 4L * (m + r), writes + " table writes for " + (m + r) + " tasks: " + used);
        long sent = used.getOrDefault("Sqs.SendMessageBatch", 0L);
        assertEquals((m + 9) / 10 + (r + 9) / 10, sent, "task messages go in batches of ten: " + used);
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("out"))));
    }
}
