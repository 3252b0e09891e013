package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Sizes;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.nio.file.Files;
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

    static int run(
            StackEndpoint stack,
            Manifest manifest,
            String runId,
            List<Path> inputs,
            Path output,
            List<Path> jars,
            Duration timeout,
            Console console)
            throws Exception {
        long start = System.currentTimeMillis();
        try (stack) {
            console.println("grist: using the local stack at " + stack.endpoint() + " (pid "
                    + stack.record().pid() + "); uploading input to s3://" + stack.bucket() + "/uploads/" + runId
                    + "/");
            for (Path jar : jars) {
                stack.deployJar(jar);
                console.println("grist: deployed " + jar.getFileName() + " to the stack (it stays deployed)");
            }
            JobClient client = stack.jobs();
            Map<Path, String> uploaded = client.upload("uploads/" + runId + "/", inputs);
            long bytes = 0;
            for (Path p : uploaded.keySet()) bytes += Files.size(p);
            String key = client.submit(runId, manifest);
            console.println("grist: uploaded " + uploaded.size() + (uploaded.size() == 1 ? " file" : " files") + " ("
                    + Sizes.format(bytes) + "), then s3://" + stack.bucket() + "/" + key + ", which starts the job");
            String jobId = client.awaitJobId(key, Duration.ofSeconds(60));
            long jobStart = System.currentTimeMillis();
            JobRecord job = client.await(
                    jobId,
                    timeout,
                    Duration.ofMillis(100),
                    j -> console.progress(RunCommand.progressLine(j, jobStart)));
            console.endProgress();
            LastRunLogs.point(Path.of(stack.record().stateDir(), "logs"), jobId, console);
            String outputPrefix = JobClient.outputPrefix(job);
            if (job.status() == JobStatus.FAILED) {
                client.fetch(outputPrefix, output);
                console.println("grist: job " + jobId + " FAILED: " + job.error());
                console.println(
                        "grist: details in " + output.resolve("_JOB.json") + "; function logs: grist logs " + jobId);
                return 1;
            }
            Map<String, Path> files = client.fetch(outputPrefix, output);
            console.println(RunCommand.summary(jobId, files, output, System.currentTimeMillis() - start));
            console.println("  logs      " + stack.record().stateDir() + "/logs (grist logs; grist status --local)");
            return 0;
        }
    }
}
