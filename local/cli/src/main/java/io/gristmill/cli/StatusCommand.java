package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.PipelineRecord;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code grist status [JOB]}: the recent jobs of a stack, or everything about one. */
final class StatusCommand {
    static final String HELP = """
            Usage: grist status [JOB] (--stack NAME | --bucket B --table T) [options]

            Without JOB, lists the stack's recent jobs, newest first. With JOB (a job id, or the name of
            a recent job), shows its state, its progress, its output and why it failed, if it did.

            Options:
              --limit N              how many recent jobs to list (default 20)

            """ + StackOptions.HELP;

    private static final Set<String> VALUED = union(StackOptions.VALUED, Set.of("limit"));

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("status", argv, VALUED, union(StackOptions.FLAGS, Set.of("help")));
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        if (args.positional().size() > 1)
            throw new UsageException("grist status takes at most one job or pipeline, got " + args.positional());
        int limit = args.intValue("limit", 20);
        if (limit < 1) throw new UsageException("--limit must be at least 1");
        StackOptions options = StackOptions.from(args);
        try (StackConnection stack = StackConnection.open(options)) {
            if (args.positional().isEmpty()) {
                List<JobRecord> jobs = stack.client().recentJobs(limit);
                if (jobs.isEmpty()) {
                    console.println("grist: no jobs in " + stack.description() + " yet; start one with grist submit");
                    return 0;
                }
                console.println(JobLines.HEADER);
                for (JobRecord job : jobs) console.println(JobLines.row(job));
                List<PipelineRecord> pipelines = stack.client().recentPipelines(limit);
                if (!pipelines.isEmpty()) {
                    console.println("");
                    console.println(JobLines.PIPELINE_HEADER);
                    for (PipelineRecord p : pipelines)
                        console.println(JobLines.row(p, stack.client().currentStage(p)));
                }
                return 0;
            }
            var pipeline = stack.client().pipeline(args.positional().get(0));
            if (pipeline.isPresent()) {
                JobLines.details(pipeline.get(), stack.client(), stack::uri).forEach(console::println);
                return 0;
            }
            JobRecord job = JobResolver.find(stack, args.positional().get(0));
            String summary = stack.uri(JobClient.summaryKey(job));
            JobLines.details(job, summary).forEach(console::println);
            return 0;
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
