package io.gristmill.bench.child;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;

/**
 * A child JVM: runs one system on one input once and prints one {@link ResultLine}. A fresh JVM per
 * run keeps CPU time and peak memory per system, and every system pays the same JVM start.
 */
public final class ChildMain {
    private static final Map<String, String> RUNNERS = Map.of(
            "java1", "io.gristmill.bench.child.java.PlainJavaRunner",
            "java2", "io.gristmill.bench.child.java.PlainJavaRunner",
            "spark", "io.gristmill.bench.child.spark.SparkRunner",
            "hadoop", "io.gristmill.bench.child.hadoop.HadoopRunner",
            "gristmill", "io.gristmill.bench.child.gristmill.GristmillRunner",
            "gristmill-process", "io.gristmill.bench.child.gristmill.GristmillRunner",
            "gristmill-256mb", "io.gristmill.bench.child.gristmill.GristmillRunner",
            "grist", "io.gristmill.bench.child.grist.GristCommandRunner");

    private ChildMain() {}

    public static void main(String[] argv) {
        PrintStream stdout = System.out; // the local cloud reroutes System.out to its logs
        try {
            stdout.println(ResultLine.PREFIX + runOnce(ChildArgs.parse(argv)).toJson());
            stdout.flush();
        } catch (Throwable e) {
            e.printStackTrace(stdout);
            stdout.flush();
            System.exit(1); // engines leave non-daemon threads behind: never hang on a failure
        }
        System.exit(0);
    }

    private static ResultLine runOnce(ChildArgs args) throws Exception {
        String runnerClass = RUNNERS.get(args.system());
        if (runnerClass == null) throw new IllegalArgumentException("unknown system '" + args.system() + "'");
        Files.createDirectories(args.scratch());
        ResultLine result = new ResultLine()
                .put("system", args.system())
                .put("workload", args.workload().app());
        // By name: a JVM loads only its own engine's classes, and has only its engine's class path.
        try (SystemRunner runner = (SystemRunner)
                Class.forName(runnerClass).getDeclaredConstructor().newInstance()) {
            long setUpStart = System.nanoTime();
            runner.setUp(args, result);
            result.put("setupMillis", (System.nanoTime() - setUpStart) / 1_000_000);

            long busyBefore = ProcessUsage.machineBusyMillis();
            long cpuBefore = ProcessUsage.cpuMillis();
            long start = System.nanoTime();
            runner.run(args);
            long wallMillis = (System.nanoTime() - start) / 1_000_000;
            long cpuMillis = ProcessUsage.cpuMillis() - cpuBefore;
            long othersMillis = Math.max(0, ProcessUsage.machineBusyMillis() - busyBefore - cpuMillis);
            long rssKb = ProcessUsage.peakRssKb();
            result.put("wallMillis", wallMillis)
                    .put("cpuMillis", cpuMillis)
                    .put("peakRssKb", rssKb)
                    .put("othersCpuMillis", othersMillis);

            runner.collect(args, result);
        }
        OutputDigest digest = OutputDigest.of(args.output(), args.workload().ordered());
        return result.put("outputLines", digest.lines()).put("outputSha256", digest.sha256());
    }
}
