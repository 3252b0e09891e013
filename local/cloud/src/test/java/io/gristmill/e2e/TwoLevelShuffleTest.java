package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.LocalCloud;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.TaskKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-level shuffle (merge tasks between the maps and the reduces) gives the same output, part for
 * part, as the one-level shuffle: the same job runs on the shared cloud, whose threshold keeps it at one
 * level, and on a cloud whose TwoLevelShuffleAbove of 1 makes the coordinator choose two.
 */
class TwoLevelShuffleTest {
    @TempDir
    Path tmp;

    @Test
    void mergeTasksChangeNothingInTheOutput() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("in"), 3, 400, 19);
        Manifest wordcount = Jobs.spec("wordcount", List.of("uploads/two/"), "output/wc/", 3, 5_000, Map.of());
        Manifest sort = Jobs.spec("sort", List.of("uploads/two/"), "output/sort/", 4, 5_000, Map.of());

        JobClient shared = SharedCloud.client();
        shared.upload("uploads/two/", List.of(tmp.resolve("in")));
        JobRecord oneWc = Jobs.runOk(
                shared,
                "two-wc-1",
                wordcount.toBuilder().output("output/two-wc-1/").build());
        JobRecord oneSort = Jobs.runOk(
                shared,
                "two-sort-1",
                sort.toBuilder().output("output/two-sort-1/").build());
        assertEquals(0, oneWc.merges(), "the shared cloud's threshold keeps this job at one level");

        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.builder()
                .stackName("twolevel")
                .inMemoryS3(true)
                .concurrency(3)
                .parameters(Map.of("TwoLevelShuffleAbove", "1", "RetryDelaySeconds", "1")))) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            client.upload("uploads/two/", List.of(tmp.resolve("in")));
            JobRecord twoWc = Jobs.runOk(client, "two-wc-2", wordcount);
            JobRecord twoSort = Jobs.runOk(client, "two-sort-2", sort);
            for (JobRecord two : List.of(twoWc, twoSort)) {
                assertTrue(two.merges() >= 2, two.jobId() + " has merge tasks: " + two.merges());
                assertEquals(
                        two.merges(),
                        client.table().tasks(two.jobId(), TaskKind.MERGE).size());
                assertEquals(two.merges(), two.mergesDone());
            }
            assertEquals(oneWc.maps(), twoWc.maps());
            assertEquals(
                    Jobs.parts(shared, oneWc, tmp.resolve("wc-1")),
                    Jobs.parts(client, twoWc, tmp.resolve("wc-2")),
                    "word count: the same parts, line for line");
            List<List<String>> sorted = Jobs.parts(client, twoSort, tmp.resolve("sort-2"));
            assertEquals(Jobs.parts(shared, oneSort, tmp.resolve("sort-1")), sorted, "sort: the same parts");
            Jobs.assertSortedKeys(sorted, false);
            Jobs.assertSameLines(
                    Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, twoWc, tmp.resolve("wc-3"))));
        }
    }
}
