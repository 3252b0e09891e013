package io.gristmill.cli;

import io.gristmill.engine.job.Durations;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.report.ReportOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
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
              --local                the local stack, at http://127.0.0.1:4566 (or GRIST_LOCAL_ENDPOINT): the
                                     same as --endpoint-url with that address and the local stack's bucket
                                     and table (--bucket and --table change them)

            """ + StackOptions.HELP;

    /** Where the local stack listens unless GRIST_LOCAL_ENDPOINT says otherwise (LocalStack's port). */
    static final String LOCAL_ENDPOINT = "http://127.0.0.1:4566";
    /** The local stack's resources: the template's names for the stack "gristmill" in the local account. */
    static final String LOCAL_BUCKET = "gristmill-000000000000-us-east-1";

    static final String LOCAL_TABLE = "gristmill-jobs";

    private static final Set<String> VALUED = StatusCommand.union(StackOptions.VALUED, Set.of("output"));

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("report", local(argv), VALUED, Set.of("help"));
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        if (argv.contains("--local")) listening(args.value("endpoint-url"));
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

    /** Says so at once when nothing listens where the local stack should be. */
    static void listening(String endpoint) throws UsageException {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint-url " + endpoint + " is not a URL such as " + LOCAL_ENDPOINT);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), port), 2_000);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("no local stack answers at " + endpoint + " (" + e.getMessage()
                    + "); start one with ./grist up, or give --endpoint-url where yours listens");
        }
    }

    /**
     * {@code --local} as the other options it stands for, and {@code -o} as {@code --output}. (The
     * parser takes only long options; -o is the one short option users expect of an output file.)
     */
    static List<String> local(List<String> argv) throws UsageException {
        List<String> out = new ArrayList<>();
        boolean local = false;
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("--local")) local = true;
            else if (a.equals("-o")) out.add("--output");
            else out.add(a);
        }
        if (!local) return out;
        boolean endpoint = false;
        boolean bucket = false;
        boolean table = false;
        for (String a : out) {
            if (a.equals("--stack") || a.startsWith("--stack=")) {
                throw new UsageException("--local is the local stack; give it without --stack");
            }
            endpoint |= a.equals("--endpoint-url") || a.startsWith("--endpoint-url=");
            bucket |= a.equals("--bucket") || a.startsWith("--bucket=");
            table |= a.equals("--table") || a.startsWith("--table=");
        }
        if (!endpoint) {
            String configured = System.getenv("GRIST_LOCAL_ENDPOINT");
            out.add("--endpoint-url");
            out.add(configured == null || configured.isBlank() ? LOCAL_ENDPOINT : configured.strip());
        }
        if (!bucket) out.addAll(List.of("--bucket", LOCAL_BUCKET));
        if (!table) out.addAll(List.of("--table", LOCAL_TABLE));
        return out;
    }
}
