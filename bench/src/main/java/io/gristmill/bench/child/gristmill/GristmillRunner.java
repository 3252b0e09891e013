package io.gristmill.bench.child.gristmill;

import io.gristmill.aws.JobItem;
import io.gristmill.aws.JobStatus;
import io.gristmill.bench.child.ChildArgs;
import io.gristmill.bench.child.ResultLine;
import io.gristmill.bench.child.SystemRunner;
import io.gristmill.client.JobClient;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.local.LocalCloud;
import io.gristmill.local.runtime.LogRouter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private JobItem job;
    private long submittedAt;
    private long observedAt;

    @Override
    public void setUp(ChildArgs args, ResultLine result) throws Exception {
        Path state = args.scratch().resolve("gristmill");
        Files.createDirectories(state.resolve("logs"));
        // Function output goes to per-instance logs, as in grist run; the rest to platform.log.
        platformLog = new PrintStream(Files.newOutputStream(state.resolve("logs").resolve("platform.log")), true);
        LogRouter.install(platformLog);

        long start = System.nanoTime();
        cloud = LocalCloud.start(LocalCloud.Options.defaults()
                .withConcurrency(args.threads())
                .withStateDir(state)
                .withErrors(platformLog::println));
        result.put("gm.cloudStartMillis", (System.nanoTime() - start) / 1_000_000);

        client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
        start = System.nanoTime();
        client.upload(UPLOADS, List.of(args.input()));
        result.put("gm.uploadMillis", (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void run(ChildArgs args) throws Exception {
        // The input prefix is the folder itself, so objects are named by their path inside it, as plain Java names them.
        String input = UPLOADS + args.input().getFileName() + "/";
        JobSpec spec = new JobSpec(null, null, args.workload().app(), null, null, null, null, List.of(input), OUTPUT,
                args.reducers(), args.splitSize(), Map.of(), false, List.of(), null, null);
        submittedAt = System.currentTimeMillis();
        String manifest = client.submit("bench", spec);
        String jobId = client.awaitJobId(manifest, Duration.ofMinutes(1));
        job = client.await(jobId, TIMEOUT, j -> {});
        observedAt = System.currentTimeMillis();
        if (job.status() != JobStatus.SUCCEEDED) {
            throw new IllegalStateException("job " + jobId + " " + job.status() + ": " + job.error());
        }
    }

    @Override
    public void collect(ChildArgs args, ResultLine result) throws Exception {
        long start = System.nanoTime();
        Map<String, Path> files = client.fetch(OUTPUT, args.output());
        result.put("gm.fetchMillis", (System.nanoTime() - start) / 1_000_000);
        JobReport.addTo(result, job, Files.readString(files.get("_JOB.json")), submittedAt, observedAt);
    }

    @Override
    public void close() {
        if (cloud != null) cloud.close();
        if (platformLog != null) platformLog.close();
    }
}
