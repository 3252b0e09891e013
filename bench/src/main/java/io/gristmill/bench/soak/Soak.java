package io.gristmill.bench.soak;

import io.gristmill.client.JobClient;
import io.gristmill.e2e.Corpus;
import io.gristmill.e2e.Oracle;
import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Recovery;
import io.gristmill.local.LocalCloud;
import io.gristmill.local.runtime.LogRouter;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.Outcome;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The chaos soak: many jobs of every built-in app, with crashes, delays and stragglers injected,
 * several at a time, each compared with a sequential computation. It reports runs, failures and
 * output mismatches; both must be zero. Not part of the test suite: it runs for minutes.
 *
 * <pre>bench/soak [--jobs 40] [--parallel 4] [--crash 0.3] [--delay 0.3] [--seed 1]</pre>
 */
public final class Soak {
    private record Result(
            int job,
            String app,
            int maps,
            int reducers,
            String chaos,
            JobStatus status,
            boolean matches,
            int attempts,
            int tasks,
            long lost,
            double seconds,
            String error) {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = options(argv);
        int jobs = Integer.parseInt(opts.getOrDefault("jobs", "40"));
        int parallel = Integer.parseInt(opts.getOrDefault("parallel", "4"));
        double crash = Double.parseDouble(opts.getOrDefault("crash", "0.3"));
        double delay = Double.parseDouble(opts.getOrDefault("delay", "0.3"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
        Path work = Files.createTempDirectory("gristmill-soak-");
        // Function output goes to the instances' logs; this report to standard output.
        System.setProperty("gristmill.log.level", "WARN");
        PrintStream out = LogRouter.install(new PrintStream(OutputStream.nullOutputStream()));
        long start = System.currentTimeMillis();
        // Retries are quick and plentiful: with crash=0.3 a task fails 20 times in a row once in 3.5e10.
        try (LocalCloud cloud = LocalCloud.start(LocalCloud.Options.builder()
                .inMemoryS3(false)
                .stateDir(work.resolve("cloud"))
                .concurrency(4)
                .parameters(Map.of("RetryDelaySeconds", "1", "MaxTaskAttempts", "20")))) {
            JobClient client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
            List<Path> docs = Corpus.write(work.resolve("soak-in"), 3, 1500, seed);
            client.upload("uploads/soak/", List.of(work.resolve("soak-in")));
            Map<String, Path> byName = new TreeMap<>();
            for (Path d : docs) byName.put("soak-in/" + d.getFileName(), d);
            Map<String, List<String>> expected = Map.of(
                    "wordcount", Oracle.wordCount(docs),
                    "indexer", Oracle.index(byName),
                    "grep", Oracle.grep(byName, "river|Mill"),
                    "sort", Oracle.sort(docs));
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            List<Future<Result>> futures = new ArrayList<>();
            Random random = new Random(seed);
            for (int i = 0; i < jobs; i++) {
                String app = List.of("wordcount", "indexer", "grep", "sort").get(i % 4);
                int reducers = 1 + random.nextInt(6);
                long split = 2000 + random.nextInt(40_000);
                Chaos chaos = Chaos.parse("crash=" + crash + ",delay=" + delay + ",maxDelay=1s,straggle="
                        + random.nextInt(3) + ",seed=" + (seed * 1000 + i));
                int job = i;
                futures.add(pool.submit(() -> run(client, job, app, reducers, split, chaos, expected.get(app), work)));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                Result r = f.get();
                results.add(r);
                out.printf(
                        "  job %3d %-9s M=%-3d R=%d %-9s %-8s attempts %3d/%-3d lost %2d %6.1f s  %s%s%n",
                        r.job,
                        r.app,
                        r.maps,
                        r.reducers,
                        r.status,
                        r.matches ? "equal" : "MISMATCH",
                        r.attempts,
                        r.tasks,
                        r.lost,
                        r.seconds,
                        r.chaos,
                        r.error == null ? "" : "  " + r.error);
            }
            pool.shutdown();
            long failed = results.stream()
                    .filter(r -> r.status != JobStatus.SUCCEEDED)
                    .count();
            long mismatched = results.stream()
                    .filter(r -> r.status == JobStatus.SUCCEEDED && !r.matches)
                    .count();
            int attempts = results.stream().mapToInt(Result::attempts).sum();
            int tasks = results.stream().mapToInt(Result::tasks).sum();
            long lost = results.stream().mapToLong(Result::lost).sum();
            out.printf(
                    "%nsoak: %d jobs in %.0f s (%d at a time); %d failed, %d output mismatches;"
                            + " %d attempts for %d tasks (%.2f per task), %d attempts lost to crashes%n",
                    results.size(),
                    (System.currentTimeMillis() - start) / 1000.0,
                    parallel,
                    failed,
                    mismatched,
                    attempts,
                    tasks,
                    tasks == 0 ? 0 : attempts / (double) tasks,
                    lost);
            System.exit(failed + mismatched == 0 ? 0 : 1);
        }
    }

    private static Result run(
            JobClient client,
            int i,
            String app,
            int reducers,
            long split,
            Chaos chaos,
            List<String> expected,
            Path work)
            throws Exception {
        String name = "soak-" + i;
        Manifest spec = Manifest.builder()
                .app(app)
                .input(List.of("uploads/soak/"))
                .output("output/" + name + "/")
                .reducers(reducers)
                .splitSize(split)
                .params(app.equals("grep") ? Map.of("pattern", "river|Mill") : Map.of())
                .recovery(new Recovery(1, true, 2, 1, 30))
                .chaos(chaos)
                .build();
        long t0 = System.currentTimeMillis();
        String key = client.submit(name, spec);
        String jobId = client.awaitJobId(key, Duration.ofMinutes(2));
        JobRecord job = client.await(jobId, Duration.ofMinutes(10), j -> {});
        double seconds = (System.currentTimeMillis() - t0) / 1000.0;
        if (job.status() != JobStatus.SUCCEEDED) {
            return new Result(
                    i, app, job.maps(), reducers, chaos.toString(), job.status(), false, 0, 0, 0, seconds, job.error());
        }
        Path out = work.resolve(name);
        Map<String, Path> files = client.fetch("output/" + name + "/", out);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < reducers; r++) lines.addAll(Oracle.lines(files.get(String.format("part-r-%05d", r))));
        if (!app.equals("sort")) lines.sort(null); // sort's parts must already be in order, end to end
        JobSummary summary = JobSummary.fromJson(Files.readString(files.get("_JOB.json")));
        long lost = summary.tasks().stream()
                .flatMap(t -> t.attempts().stream())
                .filter(a -> a.outcome() == Outcome.LOST)
                .count();
        return new Result(
                i,
                app,
                job.maps(),
                reducers,
                chaos.toString(),
                job.status(),
                lines.equals(expected),
                summary.attempts(),
                summary.tasks().size(),
                lost,
                seconds,
                null);
    }

    private static Map<String, String> options(String[] argv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("options are --name value: " + argv[i]);
            m.put(argv[i].substring(2), argv[i + 1]);
        }
        return m;
    }
}
