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
            JobRecord job = Jobs.runOk(client, "timeout", spec);
            Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("out"))));
            for (TaskRecord t : client.table().tasks(job.jobId(), TaskKind.MAP)) {
                assertEquals(2, t.attempts().size(), t.task() + ": the hung attempt and its retry");
                // The retry began while the hung attempt would still have been sleeping: it was stopped at
                // the 3 s timeout, not waited for (the recorded times, not the machine's speed, say so).
                long retryAfter =
                        t.attempts().get(1).start() - t.attempts().get(0).start();
                assertTrue(retryAfter < 8000, t.task() + " retried " + retryAfter + " ms after the hung attempt began");
                assertEquals(Outcome.COMMITTED, t.attempts().get(1).outcome());
                assertTrue(t.attempts().get(0).outcome() != Outcome.COMMITTED, "the hung attempt did not commit");
            }
        }
    }
}
