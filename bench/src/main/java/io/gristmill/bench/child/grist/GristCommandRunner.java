package io.gristmill.bench.child.grist;

import io.gristmill.bench.child.ChildArgs;
import io.gristmill.bench.child.ProcessUsage;
import io.gristmill.bench.child.ResultLine;
import io.gristmill.bench.child.SystemRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole {@code ./grist run} a user types, as a child process: the launcher, grist's JVM, the local
 * cloud it starts (or the {@code grist up} stack it finds running), the upload, the job with grist's own
 * defaults (split sizes for this machine, the process runtime), and the output written to a folder. Only
 * {@code --reducers} is given (and {@code --concurrency} when the harness's threads differ from grist's
 * default), so that every engine uses as many cores and partitions; {@code --split-size} only when the
 * harness was told one. With {@code grist up} running, the command uses that stack, as a user's does.
 */
public final class GristCommandRunner implements SystemRunner {
    private Path out;
    private Path log;
    private PeakMemory memory;

    @Override
    public void setUp(ChildArgs args, ResultLine result) throws Exception {
        // The launcher builds grist when its sources changed, and records its class archive for run once
        // after each build: do both now, untimed.
        Process help = new ProcessBuilder(grist().toString(), "run", "--help")
                .redirectErrorStream(true)
                .redirectOutput(args.scratch().resolve("grist-build.log").toFile())
                .start();
        if (help.waitFor() != 0) throw new IllegalStateException("./grist run --help failed: see " + args.scratch());
    }

    @Override
    public void run(ChildArgs args) throws Exception {
        out = args.scratch().resolve("grist-out");
        log = args.scratch().resolve("grist.log");
        List<String> cmd = new ArrayList<>(List.of(
                grist().toString(),
                "run",
                args.workload().app(),
                "--input",
                args.input().toString(),
                "--output",
                out.toString(),
                "--reducers",
                Integer.toString(args.reducers())));
        // grist's own default is as many instances as cores (at least 2); saying it would also keep grist
        // off a running grist up stack, which a user's plain command uses.
        if (args.threads() != Math.max(2, Runtime.getRuntime().availableProcessors())) {
            cmd.addAll(List.of("--concurrency", Integer.toString(args.threads())));
        }
        if (args.splitSize() > 0) cmd.addAll(List.of("--split-size", Long.toString(args.splitSize())));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        memory = PeakMemory.watch();
        int code = p.waitFor();
        memory.stop();
        if (code != 0) {
            throw new IllegalStateException("./grist run exited with " + code + ": " + tail(log));
        }
    }

    @Override
    public void collect(ChildArgs args, ResultLine result) throws Exception {
        // grist's processes have ended: their memory is what the sampler saw, their CPU is in this JVM's
        // reaped children (ProcessUsage), and their output is in the folder grist wrote.
        result.put("peakRssKb", memory.peakKb() + ProcessUsage.ownPeakRssKb());
        result.put("gristSummary", summaryLine(log));
        Files.createDirectories(args.output());
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .toList()) {
                Files.move(f, args.output().resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Path grist() {
        String home = System.getProperty("gristmill.home");
        if (home == null) throw new IllegalStateException("-Dgristmill.home is not set: it names the checkout");
        return Path.of(home, "grist");
    }

    private static String summaryLine(Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            if (line.contains("SUCCEEDED in")) return line.trim();
        }
        return "";
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
