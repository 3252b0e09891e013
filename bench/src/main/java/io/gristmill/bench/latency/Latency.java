package io.gristmill.bench.latency;

import io.gristmill.aws.RequestMetrics;
import io.gristmill.client.JobClient;
import io.gristmill.e2e.Corpus;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.LocalCloud;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.runtime.LogRouter;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Latency on a warm local cloud, which the harness (a fresh cloud per run) does not show: a small
 * job's end-to-end time (manifest upload to SUCCEEDED seen by the client), and the coordination
 * cost per map task (a job of many tiny map tasks against one of a single task, same bytes).
 *
 * <pre>bench/latency [--runtime in-jvm|process] [--jobs 7] [--tasks 2000] [--concurrency 2]</pre>
 */
public final class Latency {
    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = new java.util.TreeMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) opts.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        RuntimeMode runtime = RuntimeMode.parse(opts.getOrDefault("runtime", "in-jvm"));
        int jobs = Integer.parseInt(opts.getOrDefault("jobs", "7"));
        int tasks = Integer.parseInt(opts.getOrDefault("tasks", "2000"));
        int concurrency = Integer.parseInt(opts.getOrDefault("concurrency", "2"));
        if (jobs < 2) throw new IllegalArgumentException("--jobs must be at least 2: the first job warms the cloud");
        System.setProperty("gristmill.log.level", "WARN");
        PrintStream out = LogRouter.install(new PrintStream(OutputStream.nullOutputStream()));
        Path work = Files.createTempDirectory("gristmill-latency-");
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.builder()
                .runtime(runtime)
                .stateDir(work.resolve("cloud"))
                .concurrency(concurrency))) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            // 1 MB of text in 4 files.
            Corpus.write(work.resolve("small"), 4, 3200, 5);
            client.upload("uploads/small/", List.of(work.resolve("small")));
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                times.add(run(client, "small-" + i, "uploads/small/", 1 << 20, 2));
            }
            out.printf(
                    "1 MB word count, %s runtime, %d jobs one after another on one cloud (ms): %s%n",
                    runtime.cliName(), jobs, times);
            List<Long> warm = new ArrayList<>(times.subList(1, times.size()));
            warm.sort(null);
            out.printf(
                    "  warm median %d ms (the first job, on a cold cloud: %d ms)%n",
                    warm.get(warm.size() / 2), times.get(0));

            // One file, cut into `tasks` splits or into one: the difference is coordination.
            Path tiny = work.resolve("tiny");
            Files.createDirectories(tiny);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < tasks; i++)
                sb.append("grist mill ").append(i % 97).append('\n');
            Files.writeString(tiny.resolve("lines.txt"), sb.toString());
            client.upload("uploads/tiny/", List.of(tiny));
            long bytes = Files.size(tiny.resolve("lines.txt"));
            Timing one = timed(client, "tiny-one", "uploads/tiny/", bytes, 2);
            Map<String, Long> countsBefore = RequestMetrics.snapshot();
            Map<String, Long> microsBefore = RequestMetrics.micros();
            Timing many = timed(client, "tiny-many", "uploads/tiny/", (bytes + tasks - 1) / tasks, 2);
            Map<String, Long> counts = RequestMetrics.since(countsBefore);
            Map<String, Long> micros = RequestMetrics.since(RequestMetrics.micros(), microsBefore);
            out.printf(
                    "%d map tasks: %d ms (map phase %d ms, reduce phase %d ms); the same input as 1 map task: %d ms"
                            + " (map phase %d ms)%n",
                    many.maps, many.total, many.mapPhase, many.reducePhase, one.total, one.mapPhase);
            out.printf(
                    "  coordination: %.1f ms of map phase per extra map task, %.1f ms of job per extra map task"
                            + " (%d instances per function)%n",
                    (many.mapPhase - one.mapPhase) / (double) (many.maps - 1),
                    (many.total - one.total) / (double) (many.maps - 1),
                    concurrency);
            if (runtime == RuntimeMode.IN_JVM) {
                out.println("  requests of that job (functions and client), per map task and mean time each:");
                counts.forEach((op, n) -> out.printf(
                        "    %-32s %6.2f per task  %6.2f ms%n",
                        op, n / (double) many.maps, micros.getOrDefault(op, 0L) / 1000.0 / n));
            }
        }
    }

    private record Timing(long total, long mapPhase, long reducePhase, long maps) {}

    private static Timing timed(JobClient client, String name, String input, long split, int reducers)
            throws Exception {
        long start = System.nanoTime();
        JobRecord job = await(client, name, input, split, reducers);
        long total = (System.nanoTime() - start) / 1_000_000;
        long mapsEnded = job.mapsEndedAt() != null ? job.mapsEndedAt() : job.finishedAt();
        return new Timing(total, mapsEnded - job.createdAt(), job.finishedAt() - mapsEnded, job.maps());
    }

    private static long run(JobClient client, String name, String input, long split, int reducers) throws Exception {
        long start = System.nanoTime();
        await(client, name, input, split, reducers);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static JobRecord await(JobClient client, String name, String input, long split, int reducers)
            throws Exception {
        Manifest spec = Manifest.builder()
                .app("wordcount")
                .input(List.of(input))
                .output("output/" + name + "/")
                .reducers(reducers)
                .splitSize(split)
                .build();
        String key = client.submit(name, spec);
        String jobId = client.awaitJobId(key, Duration.ofMinutes(1));
        JobRecord job = client.await(jobId, Duration.ofMinutes(30), Duration.ofMillis(20), j -> {});
        if (job.status() != JobStatus.SUCCEEDED) throw new IllegalStateException(name + " failed: " + job.error());
        return job;
    }
}
