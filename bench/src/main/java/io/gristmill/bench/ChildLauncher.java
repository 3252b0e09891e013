package io.gristmill.bench;

import io.gristmill.bench.child.ChildArgs;
import io.gristmill.bench.child.ResultLine;
import io.gristmill.engine.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one child JVM to completion, its output in a log file, and returns its result line. */
final class ChildLauncher {
    private static final long TIMEOUT_HOURS = 3;

    private final ChildJvms jvms;
    private final Path logDir;

    ChildLauncher(ChildJvms jvms, Path logDir) {
        this.jvms = jvms;
        this.logDir = logDir;
        // A stopped harness (Ctrl-C) must not leave a child, or the local cloud's node process, running.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
    }

    RunResult run(ChildArgs args, int run, String logName) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path log = logDir.resolve(logName + ".log");
        ProcessBuilder pb = new ProcessBuilder(jvms.command(args.system(), args.toArgs()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_HOURS, TimeUnit.HOURS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new BenchFailure(args.system() + " did not finish within " + TIMEOUT_HOURS + " h; its log: " + log);
        }
        long processMillis = (System.nanoTime() - start) / 1_000_000;
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String resultLine = lines.stream()
                .filter(l -> l.startsWith(ResultLine.PREFIX))
                .reduce((a, b) -> b)
                .orElse(null);
        if (p.exitValue() != 0 || resultLine == null) {
            List<String> tail = lines.subList(Math.max(0, lines.size() - 25), lines.size());
            throw new BenchFailure(args.system() + " failed (exit code " + p.exitValue() + "); its log is " + log
                    + ", ending:\n  " + String.join("\n  ", tail));
        }
        try {
            return new RunResult(
                    args.system(),
                    run,
                    Json.parseObject(resultLine.substring(ResultLine.PREFIX.length())),
                    processMillis);
        } catch (Json.JsonException e) {
            throw new BenchFailure("unreadable result from " + args.system() + " in " + log + ": " + e.getMessage());
        }
    }
}
