package io.gristmill.cli;

import io.gristmill.engine.job.Durations;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Sizes;
import io.gristmill.protocol.Cloud;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.report.JobReport;
import io.gristmill.sim.Calibration;
import io.gristmill.sim.SimOptions;
import io.gristmill.sim.SimResult;
import io.gristmill.sim.Simulation;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code grist simulate}: a job on a simulated AWS that runs the real protocol (docs/scale.md). */
final class SimulateCommand {
    static final String HELP = """
            Usage: grist simulate --app APP --size SIZE [options]

            Runs a job on a simulated AWS: the real coordinator, map, merge, reduce and publication
            code against simulated S3, SQS, DynamoDB and Lambda on a virtual clock. The tasks' work is
            not done: its time and output size come from per-byte costs measured on this machine
            (--calibrate). Prints the job's time, cost, tasks and requests (docs/scale.md).

            Options:
              --app APP              sort or wordcount (the apps with measured costs)
              --size SIZE            the input, e.g. 100GB, 1TB (binary units) or 1e12 (bytes)
              --objects N            input objects the size is spread over (default: one per 1 GB)
              --split-size SIZE      bytes per map task (default 64MB)
              --reducers R           reduce tasks (default 4)
              --concurrency N        each task function's MaximumConcurrency (default 1000, SQS's most)
              --kill N@TIME          stop N running instances TIME into the job, e.g. 200@120s; repeatable
              --stragglers F:S       a share F of attempts runs S times slower, e.g. 0.005:10
              --no-backups           no backup tasks for stragglers ("backupTasks": false)
              --seed N               the same seed gives the same run (default 1)
              --task-tmp SIZE        the tasks' /tmp, TaskEphemeralStorage (default 512MB; more turns
                                     SnapStart off, so cold starts take longer)
              --merge-above N        TwoLevelShuffleAbove: M x R above which merge tasks are added
                                     (default %d)
              --memory MB            the map and reduce functions' memory (default 1769: one vCPU)
              --json                 print one JSON object instead of the summary
              --report FILE          write the simulated job's report, as grist report makes it for
                                     real jobs (timeline, rates, tasks); FILE.json: its _JOB.json
              --log FILE             write the protocol's log lines (every task's) to FILE
              --calibrate            measure this machine's per-byte costs of sort and wordcount
              --text DIR             the text --calibrate counts words of (default: generated text)

            Examples:
              grist simulate --app sort --size 1e12 --reducers 4000
              grist simulate --app sort --size 1e12 --reducers 4000 --no-backups --stragglers 0.002:20
              grist simulate --app sort --size 1e12 --reducers 4000 --kill 200@120s
              grist simulate --app wordcount --size 1TB --reducers 4000 --json
            """;

    private static final Set<String> VALUED = Set.of(
            "app",
            "size",
            "objects",
            "split-size",
            "reducers",
            "concurrency",
            "kill",
            "stragglers",
            "seed",
            "task-tmp",
            "merge-above",
            "memory",
            "report",
            "log",
            "text");
    private static final Set<String> FLAGS = Set.of("no-backups", "json", "calibrate", "help");

    static String help() {
        return String.format(HELP, Cloud.DEFAULT_MERGE_ABOVE);
    }

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args = Args.parse("simulate", argv, VALUED, FLAGS);
        if (args.flag("help")) {
            stdout.print(help());
            return 0;
        }
        if (args.flag("calibrate")) {
            String text = args.value("text");
            Calibration.run(stdout, text == null ? null : Path.of(text));
            return 0;
        }
        if (!args.positional().isEmpty()) {
            throw new UsageException("grist simulate takes only options, not " + args.positional()
                    + "; name the app with --app (see grist simulate --help)");
        }
        SimOptions options = options(args);
        PrintStream log = args.value("log") == null
                ? null
                : new PrintStream(Files.newOutputStream(Path.of(args.value("log"))), false);
        try {
            if (!args.flag("json")) {
                console.println("grist: simulating " + options.app() + " over " + Sizes.format(options.inputBytes())
                        + " (" + options.reducers() + " reducers, concurrency " + options.concurrency() + ")...");
            }
            SimResult result = Simulation.run(log == null ? options : options.withLog(log));
            String report = args.value("report");
            if (report != null && result.summaryJson() != null) {
                Files.writeString(
                        Path.of(report),
                        report.endsWith(".json")
                                ? result.summaryJson()
                                : JobReport.html(JobSummary.fromJson(result.summaryJson())));
            }
            if (args.flag("json")) {
                stdout.println(result.toJson());
            } else {
                stdout.print(result.toText());
                if (report != null) {
                    stdout.println("  report    " + report
                            + (report.endsWith(".json") ? " (the job's _JOB.json)" : " (open it in a browser)"));
                }
            }
            return "SUCCEEDED".equals(result.status()) ? 0 : 1;
        } finally {
            if (log != null) log.close();
        }
    }

    static SimOptions options(Args args) throws UsageException {
        String app = args.value("app");
        if (app == null || !Simulation.apps().contains(app)) {
            throw new UsageException(
                    (app == null ? "grist simulate needs --app" : "no cost model for app '" + app + "'")
                            + "; the simulator models " + String.join(", ", Simulation.apps())
                            + " (grist simulate --calibrate measures them)");
        }
        String sizeText = args.value("size");
        if (sizeText == null) throw new UsageException("grist simulate needs --size, e.g. --size 1TB or --size 1e12");
        long size = size("size", sizeText);
        if (size < 1) throw new UsageException("--size must be at least 1 byte");
        int objects = args.intValue("objects", (int) Math.max(1, Math.min(100_000, (size + (1L << 30) - 1) >> 30)));
        Long split = JobFlags.splitSize(args);
        int reducers = args.intValue("reducers", 4);
        if (reducers < 1 || reducers > JobSpec.MAX_REDUCERS) {
            throw new UsageException("--reducers must be between 1 and " + JobSpec.MAX_REDUCERS);
        }
        int concurrency = args.intValue("concurrency", 1000);
        if (concurrency < 1) throw new UsageException("--concurrency must be at least 1");
        List<SimOptions.Kill> kills = new ArrayList<>();
        for (String k : args.values("kill")) kills.add(kill(k));
        SimOptions o = SimOptions.defaults(app, size)
                .withObjects(objects)
                .withReducers(reducers)
                .withConcurrency(concurrency)
                .withKills(kills)
                .withBackups(!args.flag("no-backups"))
                .withSeed(args.intValue("seed", 1));
        if (split != null) o = o.withSplitSize(split);
        String stragglers = args.value("stragglers");
        if (stragglers != null) {
            String[] parts = stragglers.split(":");
            try {
                double share = Double.parseDouble(parts[0]);
                double slowdown = parts.length > 1 ? Double.parseDouble(parts[1]) : 10;
                if (share < 0 || share > 1 || slowdown < 1 || parts.length > 2) throw new NumberFormatException();
                o = o.withStragglers(share, slowdown);
            } catch (NumberFormatException e) {
                throw new UsageException("--stragglers takes FRACTION:SLOWDOWN, e.g. 0.005:10 (a share of attempts"
                        + " between 0 and 1, and how many times slower, at least 1), not '" + stragglers + "'");
            }
        }
        if (args.value("task-tmp") != null) o = o.withTaskTmpMb((int) (size("task-tmp", args.value("task-tmp")) >> 20));
        if (args.value("merge-above") != null) o = o.withMergeAbove(size("merge-above", args.value("merge-above")));
        if (args.value("memory") != null) o = o.withTaskMemoryMb(args.intValue("memory", 1769));
        return o;
    }

    /** A size in binary units ({@code 1TB}) or a plain number of bytes, also as {@code 1e12}. */
    private static long size(String option, String text) throws UsageException {
        try {
            if (text.toLowerCase().contains("e") && !text.toLowerCase().endsWith("b")) {
                return Math.round(Double.parseDouble(text));
            }
            return Sizes.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + option + ": '" + text + "' is not a size; write e.g. 1TB, 64MB or 1e12");
        }
    }

    /** {@code N@TIME}: N instances at TIME (a duration) into the job. */
    private static SimOptions.Kill kill(String text) throws UsageException {
        int at = text.indexOf('@');
        try {
            if (at <= 0) throw new IllegalArgumentException("no @");
            int n = Integer.parseInt(text.substring(0, at).trim());
            long millis = Durations.parse(text.substring(at + 1).trim()).toMillis();
            if (n < 1) throw new IllegalArgumentException("N < 1");
            return new SimOptions.Kill(n, millis);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kill takes N@TIME, e.g. 200@120s (200 running instances, 120 s into the job),"
                    + " not '" + text + "'");
        }
    }
}
