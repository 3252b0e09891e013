package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.aws.RequestMetrics;
import io.gristmill.client.JobClient;
import io.gristmill.local.LocalCloud;
import io.gristmill.protocol.state.JobRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests a job makes, counted on the local cloud for the shape of docs/deploy.md's example (10 GB
 * of word count at the default 64 MB splits and 4 reducers: M = 160 map tasks, R = 4), scaled down in
 * bytes only. The counts per task are what the protocol promises (architecture.md: at most three table
 * writes per task when nothing fails) and what the cost example multiplies; the table is written to
 * target/cost-model.txt.
 */
class CostModelTest {
    static final int MAPS = 160;
    static final int REDUCERS = 4;

    @TempDir
    Path tmp;

    @Test
    void requestsOfAWordCountWith160MapsAnd4Reduces() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("books"), 1, 16_000, 51);
        long size = Files.size(docs.get(0));
        long split = (size + MAPS - 1) / MAPS;
        // Its own stack, so that no other test's background work is counted.
        LocalCloud.Options.Builder options =
                LocalCloud.Options.builder().stackName("costs").concurrency(4).inMemoryS3(true);
        try (LocalCloud cloud = LocalCloud.start(options)) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            client.upload("books/", docs);
            Map<String, Long> before = RequestMetrics.snapshot();
            JobRecord job = Jobs.runOk(
                    client, "costs", Jobs.spec("wordcount", List.of("books/"), null, REDUCERS, split, Map.of()));
            // The functions' own requests (RequestMetrics counts their SDK clients and the event
            // source mappings' polling), less the polling, which depends on how long idle queues wait.
            Map<String, Long> counts = new java.util.TreeMap<>(RequestMetrics.since(before));
            counts.remove("Sqs.ReceiveMessage");
            assertEquals(MAPS, job.maps(), "the input was cut into " + MAPS + " splits");
            StringBuilder table = new StringBuilder("requests of one word count job, M=" + MAPS + " R=" + REDUCERS
                    + ", made by the functions (the Lambda service's SQS polling, ReceiveMessage, is not included)\n");
            counts.forEach((k, v) -> table.append(String.format("%-40s %6d%n", k, v)));
            Files.writeString(Path.of("target", "cost-model.txt"), table, StandardCharsets.UTF_8);
            System.out.println(table);

            int tasks = MAPS + REDUCERS;
            long writes = count(counts, "DynamoDb.UpdateItem") + count(counts, "DynamoDb.PutItem");
            // Per task: start, commit, add to the job's set; plus the job's own few (trigger, create, phases).
            assertTrue(writes <= 3L * tasks + 10, "table writes: " + writes + " for " + tasks + " tasks");
            assertTrue(
                    count(counts, "S3.GetObject") <= MAPS + (long) MAPS * REDUCERS + 10,
                    "one ranged GET per split, one per (map output, reduce partition), a few for plans");
            assertEquals(
                    MAPS + REDUCERS,
                    count(counts, "Sqs.SendMessageBatch") * 10 - slack(counts),
                    "task messages go out in batches of ten");
        }
    }

    /** Batches of ten: M and R need ceil(M/10) + ceil(R/10) calls, so the last batch of each is short. */
    private static long slack(Map<String, Long> counts) {
        return (10 - MAPS % 10) % 10 + (10 - REDUCERS % 10) % 10;
    }

    private static long count(Map<String, Long> counts, String key) {
        return counts.getOrDefault(key, 0L);
    }
}
