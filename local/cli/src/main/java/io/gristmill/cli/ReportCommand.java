package io.gristmill.cli;

import io.gristmill.engine.job.Durations;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.report.ReportOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code grist report JOB [-o FILE]}: a job's report, from any stack, finished, failed or still running. */
final class ReportCommand {
    static final String HELP = """
            Usage: grist report JOB [-o FILE] (--stack NAME | --bucket B --table T | --local) [options]

            Writes the job's report: one HTML file with its summary, a timeline of every attempt on the
            function instance that ran it, its input, shuffle and output rates over time, and a table of
            its tasks. It opens from disk with no server and no network. JOB is a job id, the name of a
            recent job, or a pipeline id (its latest stage's job, with the pipeline's stages). A job
            still running is shown as it stands now (run the command again for the latest); a failed
            job's report says why and where.

            Options:
              -o, --output FILE      where to write it (default: JOB.html in this folder; a folder: JOB.html in
                                     it; - for standard output)

            """ + StackOptions.HELP;

    private static final Set<String> VALUED = StatusCommand.union(StackOptions.VALUED, Set.of("output"));

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse(
                "report", shortOptions(argv), VALUED, StatusCommand.union(StackOptions.FLAGS, Set.of("help")));
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        if (args.positional().size() != 1) {
            throw new UsageException("grist report takes one job or pipeline (its id, or a job's name), got "
                    + args.positional() + "; e.g. grist report wordcount-20261125-174406-a1c5ee19 --local");
        }
        String output = args.value("output");
        try (StackConnection stack = StackConnection.open(StackOptions.from(args))) {
            String id = args.positional().get(0);
            Optional<PipelineRecord> pipeline = stack.client().pipeline(id);
            JobRecord job;
            if (pipeline.isPresent()) {
                job = stack.client()
                        .currentStage(pipeline.get())
                        .orElseThrow(() -> new UsageException("pipeline " + id + " has not started a stage yet ("
                                + pipeline.get().status()
                                + (pipeline.get().error() != null
                                        ? ": " + pipeline.get().error()
                                        : "")
                                + "); nothing to report"));
            } else {
                job = JobResolver.find(stack, id);
            }
            ReportOptions options = ReportOptions.file();
            String html = ReportFiles.reports(stack.client())
                    .html(job.jobId(), options)
                    .orElseThrow(
                            () -> new UsageException("job " + job.jobId() + " is gone from " + stack.description()));
            if ("-".equals(output)) {
                stdout.print(html);
                stdout.flush();
                return 0;
            }
            Path file = output == null ? Path.of(job.jobId() + ".html") : Path.of(output);
            if (Files.isDirectory(file)) file = file.resolve(job.jobId() + ".html");
            ReportFiles.write(file, html);
            console.println(describe(job, options.generatedAt(), file));
            return 0;
        }
    }

    /** What the report shows: the job and how it stands, and where the report is. */
    static String describe(JobRecord job, long now, Path file) {
        String status = job.status().name();
        if (!job.status().finished()) {
            String progress = job.maps() < 0
                    ? ""
                    : " · maps " + job.mapsDone() + "/" + job.maps() + " · reduces " + job.reducesDone() + "/"
                            + job.reducers();
            return "grist: job " + job.jobId() + " is still running (" + status.toLowerCase(Locale.ROOT) + progress
                    + ", " + Durations.format(now - job.createdAt()) + " so far); its report as of now: " + file;
        }
        long took = (job.finishedAt() != null ? job.finishedAt() : now) - job.createdAt();
        String line =
                "grist: report of job " + job.jobId() + " (" + status + " in " + Durations.format(took) + "): " + file;
        return job.error() == null ? line : line + "\ngrist: it failed: " + job.error();
    }

    /** {@code -o} as {@code --output}: the parser takes long options only, and -o is the one users expect. */
    static List<String> shortOptions(List<String> argv) {
        List<String> out = new ArrayList<>();
        for (String a : argv) out.add(a.equals("-o") ? "--output" : a);
        return out;
    }
}
