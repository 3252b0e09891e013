package io.gristmill.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code grist logs [JOB]}: a job's function logs from the last {@code grist run}, like a CloudWatch
 * Logs search across the log streams of every instance: each request that logged the job's id,
 * whole (with its START, END and REPORT lines), in time order, each line prefixed with the
 * instance and the request id.
 */
final class LogsCommand {
    static final String HELP = """
            Usage: grist logs [JOB] [--dir DIR]
                   grist logs [JOB] --local [--endpoint-url URL]

            Shows the function logs of a job of the last 'grist run' (kept in .gristmill/logs/ of the
            folder it ran in), or with --local of a job of the stack grist up runs: every request of
            every function instance that logged a line with the job's id, in time order, each line
            prefixed with the instance (function/number) and the request id. Without JOB, the last
            run's job, or the local stack's most recent one.

            Options:
              --dir DIR              the logs folder (default .gristmill/logs)
              --local                the local stack's logs (its state folder's logs/)
              --endpoint-url URL     the local stack's endpoint (default http://127.0.0.1:4566)
            """;

    int run(List<String> argv, PrintStream stdout) throws UsageException, IOException {
        Args args = Args.parse("logs", argv, Set.of("dir", "endpoint-url"), Set.of("help", "local"));
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        if (args.positional().size() > 1) throw new UsageException("grist logs takes one job id");
        Path dir;
        String job;
        if (args.flag("local") || args.value("endpoint-url") != null) {
            if (args.value("dir") != null) throw new UsageException("give either --dir or --local, not both");
            try (io.gristmill.client.StackEndpoint stack = StackConnection.findLocal(args.value("endpoint-url"))) {
                dir = Path.of(stack.record().stateDir(), "logs");
                job = args.positional().isEmpty()
                        ? stack.jobs().recentJobs(1).stream()
                                .findFirst()
                                .orElseThrow(() -> new UsageException("the local stack has run no job yet"))
                                .jobId()
                        : args.positional().get(0);
            }
            if (!Files.isDirectory(dir)) throw new UsageException("the local stack has no logs in " + dir + " yet");
        } else {
            dir = Path.of(args.value("dir", LastRunLogs.DIR.toString()));
            if (!Files.isDirectory(dir)) {
                throw new UsageException("no logs in " + dir + "; 'grist run' keeps the last run's logs there (for"
                        + " the stack of grist up: grist logs --local)");
            }
            job = args.positional().isEmpty() ? lastJob(dir) : args.positional().get(0);
            // A run on a running stack left its logs in the stack's folder, and says where.
            Path pointer = dir.resolve(LastRunLogs.STACK_FILE);
            if (Files.isRegularFile(pointer))
                dir = Path.of(Files.readString(pointer).strip());
        }
        List<Line> lines = new ArrayList<>();
        for (LogStream stream : streams(dir)) {
            for (LogStream.Request r : stream.requests()) {
                if (r.requestId() != null && r.mentions(job)) {
                    for (String l : r.lines()) lines.add(new Line(r.time(), stream.instance(), r.requestId(), l));
                } else if (r.requestId() == null) {
                    for (String l : r.lines())
                        if (l.contains(job)) lines.add(new Line(null, stream.instance(), "-", l));
                }
            }
        }
        if (lines.isEmpty()) {
            stdout.println("grist: no function log line mentions " + job + " in " + dir);
            return 1;
        }
        // Stable: a request's lines stay together; requests go in the order they started.
        lines.sort(Comparator.comparing(Line::time, Comparator.nullsLast(Comparator.naturalOrder())));
        for (Line l : lines) stdout.println(l.instance() + " " + l.requestId() + "  " + l.text());
        return 0;
    }

    private record Line(String time, String instance, String requestId, String text) {}

    private static String lastJob(Path dir) throws IOException, UsageException {
        Path file = dir.resolve(LastRunLogs.JOB_FILE);
        if (!Files.isRegularFile(file))
            throw new UsageException("name the job: the last run in " + dir + " has no job id");
        return Files.readString(file).trim();
    }

    /** Every *.log under the folder; the instance is its path without .log (e.g. MapFunction/002). */
    private static List<LogStream> streams(Path dir) throws IOException {
        List<LogStream> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f :
                    walk.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                out.add(LogStream.read(f, rel.substring(0, rel.length() - ".log".length())));
            }
        }
        return out;
    }
}
