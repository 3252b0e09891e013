package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.PipelineStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code grist wait JOB}: follows a job until it ends; the exit code says how it ended. */
final class WaitCommand {
    static final String HELP = """
            Usage: grist wait JOB (--stack NAME | --bucket B --table T) [options]

            Shows the job's progress until it ends, and a task that has run far longer than its peers.
            Exit code 0: it succeeded; 1: it failed (the reason is printed); 4: it was still running
            when --timeout passed (the longest-running task is named).

            Options:
              --timeout DURATION     give up after this long, e.g. 30m (default 1h)

            """ + StackOptions.HELP;

    private static final Set<String> VALUED = StatusCommand.union(StackOptions.VALUED, Set.of("timeout"));

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("wait", argv, VALUED, StatusCommand.union(StackOptions.FLAGS, Set.of("help")));
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        if (args.positional().size() != 1) {
            throw new UsageException("grist wait takes one job or pipeline (its id, or a job's name)");
        }
        Duration timeout = args.duration("timeout", "1h");
        try (StackConnection stack = StackConnection.open(StackOptions.from(args))) {
            String id = args.positional().get(0);
            if (stack.client().pipeline(id).isPresent()) return followPipeline(stack, id, timeout, console);
            JobRecord job = JobResolver.find(stack, id);
            return follow(stack, job.jobId(), timeout, console);
        }
    }

    /** How often a waiting grist reads the running phase's tasks to find a slow one (a query per read). */
    static final long SLOW_CHECK_MILLIS = 30_000;

    /** Waits for a pipeline, showing its current stage's progress. */
    static int followPipeline(StackConnection stack, String pipelineId, Duration timeout, Console console)
            throws InterruptedException {
        long start = System.currentTimeMillis();
        PipelineRecord done;
        try {
            done = stack.client()
                    .awaitPipeline(
                            pipelineId,
                            timeout,
                            stack.pollInterval(),
                            (p, stage) -> console.progress(PipelineRun.progressLine(p, stage, start)));
        } catch (IllegalStateException e) {
            console.println("grist: " + e.getMessage() + "; wait again with grist wait " + pipelineId);
            return Grist.EXIT_TIMED_OUT;
        }
        console.endProgress();
        if (done.status() == PipelineStatus.FAILED) {
            console.println("grist: pipeline " + pipelineId + " FAILED: " + done.error());
            console.println("grist: details in " + stack.uri(done.outputPrefix() + JobClient.PIPELINE_SUMMARY));
            return 1;
        }
        console.println("grist: pipeline " + pipelineId + " SUCCEEDED; its stages' outputs are under "
                + stack.uri(done.outputPrefix()) + " (" + JobClient.PIPELINE_SUMMARY + " lists them)");
        return 0;
    }

    /** Waits for the job, showing its progress; shared with {@code grist submit --wait}. */
    static int follow(StackConnection stack, String jobId, Duration timeout, Console console)
            throws InterruptedException {
        JobRecord job;
        long[] nextCheck = {System.currentTimeMillis() + SLOW_CHECK_MILLIS};
        String[] slow = {""};
        try {
            job = stack.client().await(jobId, timeout, stack.pollInterval(), j -> {
                long now = System.currentTimeMillis();
                if (now >= nextCheck[0]) {
                    nextCheck[0] = now + SLOW_CHECK_MILLIS;
                    slow[0] = SlowTasks.longest(stack.client(), j, now)
                            .filter(SlowTasks.Running::slow)
                            .map(t -> " · slow: " + t.describe())
                            .orElse("");
                }
                console.progress(JobLines.progress(j) + slow[0]);
            });
        } catch (JobClient.StillRunning e) {
            console.endProgress();
            console.println(RunCommand.stillRunning(stack.client(), e.job(), timeout) + "; wait again with grist wait "
                    + jobId);
            return Grist.EXIT_TIMED_OUT;
        }
        console.endProgress();
        if (job.status() == JobStatus.FAILED) {
            console.println("grist: job " + jobId + " FAILED: " + job.error());
            console.println("grist: details with grist status " + jobId + " and in its _JOB.json");
            return Grist.EXIT_JOB_FAILED;
        }
        console.println("grist: job " + jobId + " SUCCEEDED; output in " + stack.uri(JobClient.outputPrefix(job))
                + " (copy it with grist fetch " + jobId + " DIR)");
        return 0;
    }
}
