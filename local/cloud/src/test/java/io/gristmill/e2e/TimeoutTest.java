package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Recovery;
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

/** An attempt that exceeds the function's timeout is stopped, and its task runs again. */
class TimeoutTest {
    @TempDir
    Path tmp;

    @Test
    void aTaskPastItsTimeoutRunsAgainAndTheOutputIsExact() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.builder()
                .inMemoryS3(true)
                .concurrency(2)
                .parameters(Map.of("TaskTimeout", "3", "RetryDelaySeconds", "1")))) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            List<Path> docs = Corpus.write(tmp.resolve("in"), 2, 200, 51);
            client.upload("uploads/t/", List.of(tmp.resolve("in")));
            Manifest spec = Jobs.classes(
                            "io.gristmill.e2e.jobs.SlowOnceMapper",
                            "io.gristmill.apps.SumReducer",
                            List.of("uploads/t/"),
                            "output/t/",
                            2,
                            1L << 30)
                    .toBuilder()
                    .params(Map.of("markers", tmp.resolve("markers").toString(), "sleepMs", "8000"))
                    .recovery(new Recovery(1, false, 3, 30, 900))
                    .build();
            long start = System.currentTimeMillis();
            JobRecord job = Jobs.runOk(client, "timeout", spec);
            long elapsed = System.currentTimeMillis() - start;
            Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("out"))));
            assertTrue(elapsed < 8000, "the hung attempts were stopped at 3 s, not waited for (" + elapsed + " ms)");
            for (TaskRecord t : client.table().tasks(job.jobId(), TaskKind.MAP)) {
                assertEquals(2, t.attempts().size(), t.task() + ": the hung attempt and its retry");
                assertEquals(Outcome.COMMITTED, t.attempts().get(1).outcome());
                assertTrue(t.attempts().get(0).outcome() != Outcome.COMMITTED, "the hung attempt did not commit");
            }
        }
    }
}
