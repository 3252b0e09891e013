package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.aws.Attempt;
import io.gristmill.aws.JobItem;
import io.gristmill.aws.TaskId;
import io.gristmill.aws.TaskItem;
import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Recovery;
import io.gristmill.local.LocalCloud;
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
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.defaults().withInMemoryS3(true).withConcurrency(2)
                .withParameters(Map.of("TaskTimeout", "3", "RetryDelaySeconds", "1")))) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            List<Path> docs = Corpus.write(tmp.resolve("in"), 2, 200, 51);
            client.upload("uploads/t/", List.of(tmp.resolve("in")));
            JobSpec spec = new JobSpec(null, null, null, "io.gristmill.e2e.jobs.SlowOnceMapper",
                    "io.gristmill.apps.SumReducer", null, null, List.of("uploads/t/"), "output/t/", 2, 1L << 30,
                    Map.of("markers", tmp.resolve("markers").toString(), "sleepMs", "8000"), false, List.of(),
                    new Recovery(1, false, 3, 30, 900), Chaos.NONE);
            long start = System.currentTimeMillis();
            JobItem job = Jobs.runOk(client, "timeout", spec);
            long elapsed = System.currentTimeMillis() - start;
            Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("out"))));
            assertTrue(elapsed < 8000, "the hung attempts were stopped at 3 s, not waited for (" + elapsed + " ms)");
            for (TaskItem t : client.table().tasks(job.jobId(), TaskId.Kind.MAP)) {
                assertEquals(2, t.attempts().size(), t.task() + ": the hung attempt and its retry");
                assertEquals(Attempt.COMMITTED, t.attempts().get(1).outcome());
                assertTrue(!Attempt.COMMITTED.equals(t.attempts().get(0).outcome()), "the hung attempt did not commit");
            }
        }
    }
}
