package io.gristmill.bench.child.gristmill;

import io.gristmill.aws.RequestMetrics;
import io.gristmill.bench.child.ChildArgs;
import io.gristmill.bench.child.ResultLine;
import io.gristmill.bench.child.SystemRunner;
import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.LocalCloud;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.process.FunctionStats;
import io.gristmill.local.process.ProcessRuntime;
import io.gristmill.local.runtime.LogRouter;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gristmill on the local cloud, as {@code grist run} drives it: start the cloud, upload the input,
 * then (timed) upload a manifest and wait until the job has SUCCEEDED, its output published in S3.
 * Starting the cloud and uploading are set-up, reported apart; so is fetching the output afterwards.
 */
public final class GristmillRunner implements SystemRunner {
    private static final String UPLOADS = "uploads/bench/";
    private static final String OUTPUT = "output/bench/";
    private static final Duration TIMEOUT = Duration.ofHours(2);

    private PrintStream platformLog;
    private LocalCloud cloud;
    private JobClient client;
    private JobRecord job;
    private long submittedAt;
    private long observedAt;
    private RuntimeMode runtime;
    private Map<String, Long> requests;

    @Override
    public void setUp(ChildArgs args, ResultLine result) throws Exception {
        Path state = args.scratch().resolve("gristmill");
        Files.createDirectories(state.resolve("logs"));
        // Function output goes to per-instance logs, as in grist run; the rest to platform.log.
        platformLog =
                new PrintStream(Files.newOutputStream(state.resolve("logs").resolve("platform.log")), true);
        LogRouter.install(platformLog);

        long start = System.nanoTime();
        runtime = args.system().equals("gristmill") ? RuntimeMode.IN_JVM : RuntimeMode.PROCESS;
        // gristmill-256mb: map and reduce instances of 256 MB (a 217 MB heap), to show that a 64 MB split
        // maps and a partition several times the heap reduces (spills, external merge).
        Map<String, String> parameters = args.system().equals("gristmill-256mb")
                ? Map.of("MapMemorySize", "256", "ReduceMemorySize", "256")
                : Map.of();
        cloud = LocalCloud.start(LocalCloud.Options.builder()
                .runtime(runtime)
                .parameters(parameters)
                .concurrency(args.threads())
                .stateDir(state)
                .errors(platformLog::println));
        result.put("gm.cloudStartMillis", (System.nanoTime() - start) / 1_000_000);

        client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
        start = System.nanoTime();
        client.upload(UPLOADS, List.of(args.input()));
        result.put("gm.uploadMillis", (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void run(ChildArgs args) throws Exception {
        // The input prefix is the folder itself, so objects are named by their path inside it, as plain Java names
        // them.
        String input = UPLOADS + args.input().getFileName() + "/";
        Manifest spec = Manifest.builder()
                .app(args.workload().app())
                .input(List.of(input))
                .output(OUTPUT)
                .reducers(args.reducers())
                .splitSize(args.splitSize())
                .build();
        Map<String, Long> before = RequestMetrics.snapshot();
        submittedAt = System.currentTimeMillis();
        String manifest = client.submit("bench", spec);
        String jobId = client.awaitJobId(manifest, Duration.ofMinutes(1));
        job = client.await(jobId, TIMEOUT, j -> {});
        observedAt = System.currentTimeMillis();
        // In-JVM the functions' SDK clients count in this JVM; in process mode only the event source
        // mappings' polling does (each function process keeps its own counts).
        requests = RequestMetrics.since(before);
        if (job.status() != JobStatus.SUCCEEDED) {
            throw new IllegalStateException("job " + jobId + " " + job.status() + ": " + job.error());
        }
    }

    @Override
    public void collect(ChildArgs args, ResultLine result) throws Exception {
        long start = System.nanoTime();
        Map<String, Path> files = client.fetch(OUTPUT, args.output());
        result.put("gm.fetchMillis", (System.nanoTime() - start) / 1_000_000);
        var stack = cloud.stack().stack();
        JobReport.addTo(
                result,
                job,
                Files.readString(files.get("_JOB.json")),
                submittedAt,
                observedAt,
                stack.function("MapFunction").memorySize(),
                stack.function("ReduceFunction").memorySize());
        if (runtime == RuntimeMode.IN_JVM) requests.forEach((k, v) -> result.put("gm.req." + k, v));
        if (cloud.runtime() instanceof ProcessRuntime process) {
            int cold = 0;
            List<Double> inits = new ArrayList<>();
            for (FunctionStats s : process.stats().values()) {
                cold += s.coldStarts();
                inits.addAll(s.initMillis());
            }
            inits.sort(null);
            result.put("gm.coldStarts", cold);
            if (!inits.isEmpty()) result.put("gm.initMedianMillis", Math.round(inits.get(inits.size() / 2)));
        }
    }

    @Override
    public void close() {
        if (cloud != null) cloud.close();
        if (platformLog != null) platformLog.close();
    }
}
