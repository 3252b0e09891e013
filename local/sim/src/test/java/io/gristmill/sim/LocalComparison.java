package io.gristmill.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gristmill.aws.RequestMetrics;
import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.LocalCloud;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/scale.md's validation at 100 MB: a word count of generated text on the local cloud and on the
 * simulator, side by side: the requests per operation, and the phases' times, the simulator modelling
 * the local cloud (the emulators' measured latencies, its concurrency, no cold starts). Too slow for
 * every build: it runs with {@code -Dgristmill.compareMB=100} (RequestsMatchLocalCloudTest checks the
 * requests of a smaller job in every build).
 */
class LocalComparison {
    @TempDir
    Path tmp;

    @Test
    void aJobOnTheLocalCloudAndOnTheSimulator() throws Exception {
        String mb = System.getProperty("gristmill.compareMB");
        Assumptions.assumeTrue(mb != null, "skipped: set -Dgristmill.compareMB=100 to compare a 100 MB job");
        long input = Long.parseLong(mb) << 20;
        long split = 8L << 20;
        int reducers = 4;
        int concurrency = 2;
        Path file = tmp.resolve("input.txt");
        InputContent content = InputContent.forApp("wordcount", 1);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long at = 0; at < input; at += 1 << 20) out.write(content.read(at, Math.min(input, at + (1 << 20))));
        }
        Map<String, Long> local;
        Map<String, Double> millis = new TreeMap<>();
        JobSummary summary;
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.builder()
                .stackName("compare")
                .concurrency(concurrency)
                .parameters(Map.of("RetryDelaySeconds", "1")))) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            client.upload("data/sim/", List.of(file));
            Map<String, Long> before = RequestMetrics.snapshot();
            Map<String, Long> microsBefore = RequestMetrics.micros();
            String manifest = client.submit(
                    "compare",
                    Manifest.builder()
                            .app("wordcount")
                            .input(List.of("data/sim/"))
                            .output("output/compare/")
                            .reducers(reducers)
                            .splitSize(split)
                            .build());
            JobRecord job =
                    client.await(client.awaitJobId(manifest, Duration.ofSeconds(60)), Duration.ofMinutes(30), j -> {});
            assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
            Thread.sleep(2000);
            local = new TreeMap<>(RequestMetrics.since(before));
            Map<String, Long> micros = RequestMetrics.since(RequestMetrics.micros(), microsBefore);
            local.forEach((op, n) -> millis.put(op, micros.getOrDefault(op, 0L) / 1000.0 / Math.max(1, n)));
            summary = client.summary(job).orElseThrow();
        }
        SimOptions o = SimOptions.defaults("wordcount", input)
                .withSplitSize(split)
                .withReducers(reducers)
                .withConcurrency(concurrency);
        SimResult sim = Simulation.run(o, AwsModel.local(millis, concurrency), AppModel.of("wordcount"));
        StringBuilder b =
                new StringBuilder("a " + mb + " MB word count, M=" + summary.maps() + " R=" + reducers + "\n");
        b.append(String.format("%-34s %10s %10s %12s%n", "operation", "local", "simulated", "local ms"));
        Map<String, Long> all = new TreeMap<>(local);
        sim.requests().forEach(all::putIfAbsent);
        all.forEach((op, n) -> b.append(String.format(
                "%-34s %10s %10s %12.1f%n",
                op, local.getOrDefault(op, 0L), sim.requests().getOrDefault(op, 0L), millis.getOrDefault(op, 0.0))));
        double map = (summary.mapsFinished() - summary.created()) / 1000.0;
        double reduce = (summary.finished() - summary.mapsFinished()) / 1000.0;
        b.append(String.format(
                "phases (s): local map %.1f, reduce %.1f, job %.1f; simulated planning %.1f, map %.1f, reduce %.1f%n",
                map,
                reduce,
                summary.seconds(),
                sim.phases().getOrDefault("planning", 0.0),
                sim.phases().getOrDefault("map", 0.0),
                sim.phases().getOrDefault("reduce", 0.0)));
        System.out.println(b);
        Files.writeString(Path.of("target", "local-comparison.txt"), b);
    }
}
