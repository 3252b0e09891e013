package io.gristmill.bench;

import io.gristmill.bench.child.ChildArgs;
import io.gristmill.engine.files.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark harness: generates the inputs, runs every system on each of them several times, one
 * child JVM per run, interleaving the systems so that machine noise spreads over all of them, checks
 * that all outputs are equal, and prints a table per input.
 */
public final class Bench {
    private final BenchOptions options;
    private final ChildLauncher launcher;
    private final Path runDir;
    private final Path logDir;
    private final StringBuilder report = new StringBuilder();

    private Bench(BenchOptions options, Path logDir) {
        this.options = options;
        ChildJvms jvms = new ChildJvms(options.jvmOptions());
        jvms.check(options.systems());
        this.launcher = new ChildLauncher(jvms, logDir);
        this.runDir = options.dataDir().resolve("runs");
        this.logDir = logDir;
    }

    public static void main(String[] argv) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(argv);
        } catch (BenchOptions.UsageError | IllegalArgumentException e) {
            if (e.getMessage() != null) System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path logDir = options.dataDir().resolve("logs").resolve(stamp);
        try {
            new Bench(options, logDir).run(options.dataDir().resolve("results-" + stamp + ".txt"));
        } catch (BenchFailure | IllegalStateException e) {
            System.err.println();
            System.err.println("bench: FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run(Path reportFile) throws IOException, InterruptedException {
        say("bench: " + Runtime.getRuntime().availableProcessors() + " cores, java "
                + System.getProperty("java.version")
                + ", " + options.runs() + (options.runs() == 1 ? " run" : " runs") + " per system, " + options.threads()
                + " threads each; logs in "
                + logDir);
        List<BenchCase> cases = new CasePlanner(options, Bench::say).plan();
        for (BenchCase c : cases) {
            List<RunResult> results = runCase(c);
            String table = ResultTable.format(c, results, options.runs());
            System.out.println();
            System.out.print(table);
            report.append(table).append('\n');
            Files.writeString(reportFile, report); // kept current, so an interrupted run keeps what it measured
        }
        System.out.println();
        System.out.println("==== all tables (also in " + reportFile + ") ====");
        System.out.println();
        System.out.print(report);
    }

    /**
     * The whole grist command splits as a user's would (grist's default for the machine) unless the
     * split size is what the case is about (the tiny job) or was asked for.
     */
    private long splitSizeFor(String system, BenchCase c) {
        if (!system.equals("grist") || c.id().startsWith("tiny") || options.splitSize() != null) return c.splitSize();
        return 0;
    }

    /** Round-robin: run 1 of every system, then run 2 of every system, and so on. */
    private List<RunResult> runCase(BenchCase c) throws IOException, InterruptedException {
        List<RunResult> results = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            for (String system : c.systems()) {
                Path dir = runDir.resolve(c.id()).resolve(system + "-" + run);
                FileTree.deleteOrThrow(dir);
                ChildArgs args = new ChildArgs(
                        system,
                        c.workload(),
                        c.input(),
                        dir.resolve("output"),
                        dir.resolve("scratch"),
                        options.threads(),
                        options.reducers(),
                        splitSizeFor(system, c));
                System.out.printf("bench: %s, %s run %d/%d... ", c.title(), system, run, options.runs());
                System.out.flush();
                RunResult r = launcher.run(args, run, c.id() + "-" + system + "-" + run);
                System.out.println(ResultTable.seconds(r.wallMillis()) + " (" + r.outputIdentity() + ")");
                FileTree.deleteOrThrow(dir); // outputs can be as large as the input
                checkSameOutput(c, results, r);
                results.add(r);
            }
        }
        return results;
    }

    /** Every run of every system must produce the same output; otherwise the times compare different work. */
    private static void checkSameOutput(BenchCase c, List<RunResult> earlier, RunResult r) {
        if (earlier.isEmpty() || earlier.get(0).outputIdentity().equals(r.outputIdentity())) return;
        StringBuilder sb = new StringBuilder("outputs differ for " + c.title() + ":\n");
        for (RunResult e : earlier)
            sb.append("  ")
                    .append(e.system())
                    .append(" run ")
                    .append(e.run())
                    .append(": ")
                    .append(e.outputIdentity())
                    .append('\n');
        sb.append("  ")
                .append(r.system())
                .append(" run ")
                .append(r.run())
                .append(": ")
                .append(r.outputIdentity());
        throw new BenchFailure(sb.toString());
    }

    private static void say(String message) {
        System.out.println(message);
    }
}
