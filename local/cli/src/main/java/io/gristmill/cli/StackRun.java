package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import io.gristmill.engine.job.Durations;
import io.gristmill.engine.job.Sizes;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code grist run} on the stack that {@code grist up} runs, when there is one: no start-up cost, and the
 * job shows up in that stack's {@code grist status --local}. The run is the same as on a local cloud of its
 * own: upload the input, upload the manifest (which starts the job), wait, copy the output.
 */
final class StackRun {
    /** Options that configure a local cloud: given any of these, grist run starts one of its own. */
    static final Set<String> CLOUD_OPTIONS = Set.of("runtime", "concurrency", "max-attempts", "keep-state");

    private StackRun() {}

    /** The running stack grist run should use: none when the user configured a cloud of their own. */
    static Optional<StackEndpoint> find(List<String> argv) {
        for (String arg : argv) {
            for (String option : CLOUD_OPTIONS) {
                if (arg.equals("--" + option) || arg.startsWith("--" + option + "=")) return Optional.empty();
            }
        }
        return StackEndpoint.discover(StackEndpoint.defaultEndpoint());
    }

    static int run(StackEndpoint stack, RunCommand.Request request, Console console) throws Exception {
        long start = System.currentTimeMillis();
        for (String repeat : request.inputs().repeats()) console.println("grist: " + repeat + "; it is read once");
        OutputFolder output = OutputFolder.claim(request.output());
        String runId = request.runId();
        try (stack) {
            console.println("grist: using the local stack at " + stack.endpoint() + " (pid "
                    + stack.record().pid() + "); uploading input to s3://" + stack.bucket() + "/uploads/" + runId
                    + "/");
            for (Path jar : request.jars()) {
                stack.deployJar(jar);
                console.println("grist: deployed " + jar.getFileName() + " to the stack (it stays deployed)");
            }
            JobClient client = stack.jobs();
            Map<Path, String> uploaded = client.upload("uploads/" + runId + "/", request.inputs());
            String key = request.pipeline() != null
                    ? client.submitManifest(runId, request.pipeline().toJson())
                    : client.submit(runId, request.manifest());
            console.println("grist: uploaded " + uploaded.size() + (uploaded.size() == 1 ? " file" : " files") + " ("
                    + Sizes.format(request.inputs().bytes()) + "), then s3://" + stack.bucket() + "/" + key
                    + ", which starts the " + (request.pipeline() != null ? "pipeline" : "job"));
            String jobId = client.awaitJobId(key, Duration.ofSeconds(60));
            if (request.pipeline() != null) {
                try {
                    int code = PipelineRun.await(client, jobId, request.output(), request.timeout(), start, console);
                    ReportFiles.pipeline(client, jobId, request.output(), console)
                            .ifPresent(p -> console.println("  report    " + p + " (open it in a browser)"));
                    return code;
                } catch (IllegalStateException e) {
                    console.endProgress();
                    console.println("grist: gave up after "
                            + Durations.format(request.timeout().toMillis()) + " (--timeout): " + e.getMessage());
                    return Grist.EXIT_TIMED_OUT;
                }
            }
            RunCommand.Progress progress = new RunCommand.Progress(client, console, System.currentTimeMillis());
            JobRecord job;
            try {
                job = client.await(jobId, request.timeout(), progress::show);
            } catch (JobClient.StillRunning e) {
                console.endProgress();
                console.println(RunCommand.stillRunning(client, e.job(), request.timeout()));
                return Grist.EXIT_TIMED_OUT;
            }
            console.endProgress();
            LastRunLogs.point(Path.of(stack.record().stateDir(), "logs"), jobId, console);
            String outputPrefix = JobClient.outputPrefix(job);
            String kept = "s3://" + stack.bucket() + "/" + outputPrefix + " on the stack (grist fetch --local " + jobId
                    + " DIR)";
            if (job.status() == JobStatus.FAILED) {
                console.println("grist: job " + jobId + " FAILED: " + job.error());
                try {
                    output.write(client, outputPrefix);
                    console.println("grist: details in " + request.output().resolve("_JOB.json")
                            + "; function logs: grist logs " + jobId);
                } catch (OutputFolder.NotWritten e) {
                    console.println("grist: its _JOB.json could not be written to '" + request.output() + "': "
                            + e.getMessage() + "; it is in " + kept);
                }
                ReportFiles.job(client, jobId, request.output(), console)
                        .ifPresent(p -> console.println("grist: report: " + p + " (open it in a browser)"));
                return Grist.EXIT_JOB_FAILED;
            }
            Map<String, Path> files;
            try {
                files = output.write(client, outputPrefix);
            } catch (OutputFolder.NotWritten e) {
                console.println("grist: job " + jobId + " SUCCEEDED, but its output could not be written to '"
                        + request.output() + "': " + e.getMessage());
                console.println("grist: the output is kept in " + kept);
                return Grist.EXIT_OUTPUT_NOT_WRITTEN;
            }
            console.println(RunCommand.summary(jobId, files, request.output(), System.currentTimeMillis() - start));
            console.println("  logs      " + stack.record().stateDir() + "/logs (grist logs; grist status --local)");
            ReportFiles.job(client, jobId, request.output(), console)
                    .ifPresent(p -> console.println("  report    " + p + " (open it in a browser; live at "
                            + stack.endpoint().resolve("/_gristmill/jobs/" + jobId) + ")"));
            return 0;
        } finally {
            output.release();
        }
    }
}
