package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.aws.RequestMetrics;
import io.gristmill.client.JobClient;
import io.gristmill.local.LocalCloud;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 throttling, injected: the local S3 answers a tenth of the requests with 503 SlowDown, S3's own
 * error, as S3 does beyond a prefix's request rate ({@code --chaos slowdown=0.1}). The functions'
 * clients retry them with backoff; the job's output is exact, and no attempt fails for it.
 */
class ThrottlingTest {
    @TempDir
    Path tmp;

    @Test
    void aJobUnderS3SlowDownGivesTheSequentialOutputWithoutFailedAttempts() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.builder()
                .stackName("throttled")
                .inMemoryS3(true)
                .concurrency(3))) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            List<Path> docs = Corpus.write(tmp.resolve("in"), 3, 300, 77);
            client.upload("uploads/t/", List.of(tmp.resolve("in")));
            cloud.emulators().s3().injectSlowDown(0.1, 7);
            Map<String, Long> before = RequestMetrics.snapshot();
            JobRecord job = Jobs.runOk(
                    client,
                    "throttled",
                    Jobs.spec("wordcount", List.of("uploads/t/"), "output/t/", 3, 8_000, Map.of()));
            long refused = cloud.emulators().s3().slowDowns();
            cloud.emulators().s3().injectSlowDown(0, 7);
            Map<String, Long> used = RequestMetrics.since(before);

            Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("out"))));
            assertTrue(job.maps() >= 4, "several map tasks: " + job.maps());
            assertTrue(refused >= 5, "S3 refused requests with 503 SlowDown: " + refused);
            long s3 = used.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("S3."))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            assertTrue(s3 > refused, "the refused requests were sent again: " + used);
            for (TaskKind kind : List.of(TaskKind.MAP, TaskKind.REDUCE)) {
                for (TaskRecord t : client.table().tasks(job.jobId(), kind)) {
                    assertEquals(1, t.attempts().size(), t.task() + " ran once: throttling is not a failure");
                    assertEquals(
                            Outcome.COMMITTED,
                            t.attempts().get(0).outcome(),
                            t.task().toString());
                }
            }
        }
    }
}
