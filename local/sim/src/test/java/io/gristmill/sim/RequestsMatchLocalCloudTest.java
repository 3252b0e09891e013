package io.gristmill.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.aws.RequestMetrics;
import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.LocalCloud;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator is validated, not assumed: the same job (same input size, split size and reducers, so
 * the same plan) runs on the local cloud, where the functions' SDK clients count every request they
 * send, and on the simulator; the requests per operation must be equal, one for one. Only SQS's
 * ReceiveMessage is left out: the local event sources poll idle queues as long as they wait, which
 * depends on how long the machine takes. docs/scale.md compares a 100 MB job the same way, and its
 * phase times.
 */
class RequestsMatchLocalCloudTest {
    static final long INPUT = 12L << 20;
    static final long SPLIT = 1L << 20;
    static final int REDUCERS = 4;

    @TempDir
    Path tmp;

    @Test
    void theSimulatorMakesTheRequestsTheLocalCloudMakes() throws Exception {
        Path input = tmp.resolve("input.txt");
        InputContent content = InputContent.forApp("wordcount", 1);
        try (OutputStream out = Files.newOutputStream(input)) {
            for (long at = 0; at < INPUT; at += 1 << 20) out.write(content.read(at, Math.min(INPUT, at + (1 << 20))));
        }
        Map<String, Long> local;
        int maps;
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.builder()
                .stackName("validate")
                .inMemoryS3(true)
                .concurrency(2)
                .parameters(Map.of("RetryDelaySeconds", "1")))) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            client.upload("data/sim/", List.of(input));
            Map<String, Long> before = RequestMetrics.snapshot();
            String manifest = client.submit(
                    "validate",
                    Manifest.builder()
                            .app("wordcount")
                            .input(List.of("data/sim/"))
                            .output("output/validate/")
                            .reducers(REDUCERS)
                            .splitSize(SPLIT)
                            .build());
            String jobId = client.awaitJobId(manifest, Duration.ofSeconds(60));
            JobRecord job = client.await(jobId, Duration.ofMinutes(5), j -> {});
            assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
            // The event sources delete a message after its invocation returns: let the last one go.
            Thread.sleep(2000);
            local = new TreeMap<>(RequestMetrics.since(before));
            maps = job.maps();
        }
        SimResult sim = Simulation.run(SimOptions.defaults("wordcount", INPUT)
                .withSplitSize(SPLIT)
                .withReducers(REDUCERS)
                .withConcurrency(2));
        assertEquals("SUCCEEDED", sim.status(), sim.error());
        assertEquals(maps, sim.maps(), "the same plan");
        Map<String, Long> simulated = new TreeMap<>(sim.requests());
        for (Map<String, Long> counts : List.of(local, simulated)) {
            counts.remove("Sqs.ReceiveMessage");
            counts.remove("Lambda.Invoke");
        }
        assertTrue(local.getOrDefault("S3.GetObject", 0L) >= maps * REDUCERS, "the local counts are real: " + local);
        assertEquals(local, simulated, "requests per operation, local cloud vs simulator");
    }
}
