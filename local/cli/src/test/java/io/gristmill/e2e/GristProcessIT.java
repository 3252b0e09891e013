package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.api.Mapper;
import io.gristmill.testing.TestJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code grist} command as a shell runs it, in a process of its own: what only a process can show
 * (issue 16, findings 9, 10 and 14). Ctrl-C says so and leaves no files behind; a SIGKILL's leftovers
 * go at the next run; a {@code System.exit} in the job's code running inside grist says so and ends
 * grist with its own exit code; and the job's code never sees the shell's AWS credentials. Each run's
 * temporary folder is the test's own, so that no other run on the machine is touched.
 */
class GristProcessIT {
    static final Path HOME = Path.of(System.getProperty("gristmill.home", "../.."))
            .toAbsolutePath()
            .normalize();

    /** A chaos setting whose first map attempt sleeps for many minutes: a job that is surely running. */
    static final String HANG = "delay=1.0,maxDelay=1h,seed=1";

    @TempDir
    Path tmp;

    private Path tmpdir;

    private record Run(Process process, Path out, Path err) {
        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        private static String read(Path p) {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        int waitFor() throws Exception {
            assertTrue(process.waitFor(3, TimeUnit.MINUTES), "grist ended");
            return process.exitValue();
        }

        /** Waits until grist printed {@code text}. */
        void await(String text) throws Exception {
            for (int i = 0; i < 2400; i++) {
                if (stdout().contains(text)) return;
                assertTrue(process.isAlive(), () -> "grist ended early: " + stdout() + stderr());
                Thread.sleep(100);
            }
            throw new AssertionError("grist never printed '" + text + "': " + stdout());
        }

        void signal(String signal) throws Exception {
            assertEquals(
                    0,
                    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                            .start()
                            .waitFor());
        }
    }

    private Run grist(Map<String, String> env, String... args) throws IOException {
        if (tmpdir == null) tmpdir = Files.createDirectories(tmp.resolve("tmpdir"));
        List<String> command = new ArrayList<>(List.of(HOME.resolve("grist").toString()));
        command.addAll(List.of(args));
        String name = "grist-" + System.nanoTime();
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(tmp.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("GRIST_JAVA_OPTS", "-Djava.io.tmpdir=" + tmpdir);
        pb.environment().putAll(env);
        return new Run(pb.start(), out, err);
    }

    /** What grist left in its temporary folder. */
    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(tmpdir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("gristmill-"))
                    .sorted()
                    .toList();
        }
    }

    private Path doc() throws IOException {
        return Files.writeString(tmp.resolve("doc.txt"), "one two two\nthree\n");
    }

    @Test
    void ctrlCSaysInterruptedAndLeavesNothingBehind() throws Exception {
        Path out = tmp.resolve("out");
        Run run = grist(
                Map.of(),
                "run",
                "wordcount",
                "--runtime",
                "in-jvm",
                "--chaos",
                HANG,
                "--input",
                doc().toString(),
                "--output",
                out.toString());
        run.await("grist: mapping"); // the job is running, and grist knows its id
        run.signal("INT");
        assertEquals(130, run.waitFor(), run::stderr);
        assertTrue(run.stderr().contains("grist: interrupted (Ctrl-C, SIGINT): stopped job "), run.stderr());
        assertTrue(run.stderr().contains("its files were removed"), run.stderr());
        assertFalse(run.stderr().contains("Exception"), run.stderr());
        assertEquals(List.of(), leftovers(), "no local cloud files, no dynalite log");
        assertFalse(Files.exists(out), "the output folder it made, empty, is gone too");
    }

    @Test
    void whatAKilledRunLeftIsRemovedByTheNextAndTheJobSeesNoAwsCredentials() throws Exception {
        Run killed = grist(
                Map.of(),
                "run",
                "wordcount",
                "--runtime",
                "in-jvm",
                "--chaos",
                HANG,
                "--input",
                doc().toString(),
                "--output",
                tmp.resolve("killed").toString());
        killed.await("which starts the job");
        killed.signal("KILL");
        killed.waitFor();
        assertTrue(
                leftovers().stream().anyMatch(n -> n.startsWith("gristmill-run-")),
                "a SIGKILL leaves no time to clean up: " + leftovers());

        Path jar = TestJar.build(tmp, "env-probe", List.of("userjobs/EnvProbe.java"), List.of(Mapper.class));
        Path out = tmp.resolve("probed");
        Run next = grist(
                Map.of(
                        "AWS_ACCESS_KEY_ID", "AKIASHELLKEY",
                        "AWS_SECRET_ACCESS_KEY", "shell-secret",
                        "AWS_SESSION_TOKEN", "shell-token"),
                "run",
                "--runtime",
                "in-jvm",
                "--jar",
                jar.toString(),
                "--mapper",
                "com.example.probe.EnvProbe",
                "--reducer",
                "io.gristmill.apps.IdentityReducer",
                "--input",
                doc().toString(),
                "--output",
                out.toString(),
                "--reducers",
                "1");
        assertEquals(0, next.waitFor(), () -> next.stdout() + next.stderr());
        assertTrue(next.stdout().contains("grist: removed the files of 1 earlier run"), next.stdout());
        assertEquals(List.of(), leftovers());
        String seen = Files.readString(out.resolve("part-r-00000"));
        assertFalse(seen.contains("shell"), seen);
        assertFalse(seen.contains("AKIASHELLKEY"), seen);
        assertTrue(seen.contains("AWS_SECRET_ACCESS_KEY\t(none)"), seen);
    }

    @Test
    void theDefaultRunThroughTheLauncherRecordsItsClassArchive() throws Exception {
        Path out = tmp.resolve("counted");
        Run run = grist(Map.of(), "run", "wordcount", "--input", doc().toString(), "--output", out.toString());
        assertEquals(0, run.waitFor(), () -> run.stdout() + run.stderr());
        assertEquals(List.of("one\t1", "three\t1", "two\t2"), linesOf(out));
        try (Stream<Path> archives = Files.list(HOME.resolve("local/cli/target/cds"))) {
            assertTrue(archives.anyMatch(p -> p.toString().endsWith(".jsa")), "grist run recorded its archive");
        }
    }

    /** The output's lines, from every part, sorted. */
    private static List<String> linesOf(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                    .toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void systemExitInTheJobsCodeInsideGristSaysSoWithItsOwnExitCode() throws Exception {
        Path jar = TestJar.build(
                tmp, "crash-once", List.of("userjobs/CrashOnce.java", "userjobs/Sum.java"), List.of(Mapper.class));
        Path markers = Files.createDirectories(tmp.resolve("markers"));
        Path out = tmp.resolve("out");
        Run run = grist(
                Map.of(),
                "run",
                "--runtime",
                "in-jvm",
                "--jar",
                jar.toString(),
                "--mapper",
                "com.example.crash.CrashOnce",
                "--reducer",
                "com.example.crash.Sum",
                "--param",
                "markers=" + markers,
                "--param",
                "mode=exit",
                "--input",
                doc().toString(),
                "--output",
                out.toString());
        assertEquals(6, run.waitFor(), () -> run.stdout() + run.stderr());
        assertTrue(run.stderr().contains("grist: the job's code called System.exit"), run.stderr());
        assertTrue(run.stderr().contains("com.example.crash.CrashOnce.misbehave"), run.stderr());
        assertTrue(run.stderr().contains("--runtime process"), run.stderr());
        assertEquals(List.of(), leftovers());
    }
}
