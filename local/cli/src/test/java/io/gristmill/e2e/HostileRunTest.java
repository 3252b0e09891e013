package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grist run} against hostile inputs, arguments and user code (issue 16): each is either refused
 * before anything starts, with a message that names the problem and the fix, or run to an end that
 * loses nothing and says what happened. The runs use the in-JVM runtime, to stay quick.
 */
class HostileRunTest {
    @TempDir
    Path tmp;

    private static final Pattern KEPT = Pattern.compile("local cloud files kept in (\\S+)");

    /** Runs grist, then removes the local cloud files a failed run keeps (they would pile up in /tmp). */
    private static CliRunner.Result grist(String... args) throws Exception {
        CliRunner.Result r = CliRunner.run(args);
        Matcher kept = KEPT.matcher(r.out());
        if (kept.find()) FileTree.delete(Path.of(kept.group(1)));
        return r;
    }

    private static List<String> run(Path input, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "wordcount",
                "--runtime",
                "in-jvm",
                "--input",
                input.toString(),
                "--output",
                out.toString(),
                "--reducers",
                "1"));
        args.addAll(List.of(more));
        return args;
    }

    private static CliRunner.Result grist(List<String> args) throws Exception {
        return grist(args.toArray(String[]::new));
    }

    private static String usageError(String... args) throws Exception {
        CliRunner.Result r = grist(args);
        assertEquals(2, r.code(), () -> "a usage error: " + r.out() + r.err());
        assertFalse(r.out().contains("starting the local cloud"), "refused before anything started: " + r.out());
        return r.err();
    }

    /** Findings 1 and 5: both files are read, and the output is written parts first, _SUCCESS last. */
    @Test
    void aBackslashInANameIsKeptAndTheOutputIsWrittenInOrder() throws Exception {
        Path in = tmp.resolve("in");
        Files.createDirectories(in.resolve("a"));
        Files.writeString(in.resolve("a\\b.txt"), "alpha beta\n");
        Files.writeString(in.resolve("a/b.txt"), "gamma delta\n");
        Path out = tmp.resolve("out");
        CliRunner.Result r = grist(run(in, out));
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("uploaded 2 files"), r.out());
        assertEquals(
                List.of("alpha\t1", "beta\t1", "delta\t1", "gamma\t1"),
                Files.readAllLines(out.resolve("part-r-00000")));
        FileTime part = Files.getLastModifiedTime(out.resolve("part-r-00000"));
        FileTime summary = Files.getLastModifiedTime(out.resolve("_JOB.json"));
        FileTime success = Files.getLastModifiedTime(out.resolve("_SUCCESS"));
        assertTrue(
                part.compareTo(summary) <= 0 && summary.compareTo(success) <= 0, part + " " + summary + " " + success);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(
                    List.of("_JOB.json", "_REPORT.html", "_SUCCESS", "part-r-00000"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing else (the report, made from _JOB.json, comes after): no partial files, no claim");
        }
    }

    /** Findings 3, 11, 12, 13: refused before the local cloud starts, each with its fix. */
    @Test
    void badArgumentsAreRefusedBeforeAnythingStarts() throws Exception {
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "x".repeat(60_000) + "\n");
        String out = tmp.resolve("o").toString();
        String name = usageError("run", "wordcount", "--input", doc.toString(), "--output", out, "--name", "..");
        assertTrue(name.contains("--name '..' cannot name a job"), name);
        String spaced = usageError("run", "wordcount", "--input", doc.toString(), "--output", out, "--name", "a b");
        assertTrue(spaced.contains("e.g. --name a-b"), spaced);
        String reducer = usageError("run", "wordcount", "--input", doc.toString(), "--output", out, "--reducer", "3");
        assertTrue(reducer.contains("use --reducers 3"), reducer);
        Path big = Files.writeString(tmp.resolve("big.txt"), "x".repeat(1_200_000) + "\n");
        String tasks = usageError("run", "wordcount", "--input", big.toString(), "--output", out, "--split-size", "1");
        assertTrue(tasks.contains("makes 1200001 map tasks") && tasks.contains("at most 1,000,000"), tasks);
        String zero = usageError("run", "wordcount", "--input", "/dev/zero", "--output", out);
        assertTrue(zero.contains("is a character device, not a regular file"), zero);

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String parent = usageError(
                "run",
                "wordcount",
                "--input",
                doc.toString(),
                "--output",
                file.resolve("out").toString());
        assertTrue(parent.contains("'" + file.toAbsolutePath() + "' is a file, not a folder"), parent);

        Path claimed = Files.createDirectories(tmp.resolve("claimed"));
        Files.writeString(claimed.resolve(".grist-writing"), "1\n"); // process 1 is always alive
        String taken = usageError("run", "wordcount", "--input", doc.toString(), "--output", claimed.toString());
        assertTrue(taken.contains("is being written by another grist run (process 1)"), taken);
        assertFalse(Files.exists(Path.of(out)), "nothing was written");
    }

    /** Finding 13: an empty grep pattern is a pattern, which matches every line. */
    @Test
    void anEmptyGrepPatternMatchesEveryLine() throws Exception {
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "one\ntwo\n\nthree\n");
        Path out = tmp.resolve("out");
        CliRunner.Result r = grist(
                "run",
                "grep",
                "--runtime",
                "in-jvm",
                "--param",
                "pattern=",
                "--input",
                doc.toString(),
                "--output",
                out.toString(),
                "--reducers",
                "1");
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertEquals(4, Files.readAllLines(out.resolve("part-r-00000")).size());
    }

    /** Finding 7: input no retry can read fails its job at once, naming the object. */
    @Test
    void aCorruptGzipFailsTheJobAtOnceNamingIt() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("gz"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write("some words to count\n".repeat(5000).getBytes());
        }
        byte[] bytes = gz.toByteArray();
        Files.write(in.resolve("cut.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path out = tmp.resolve("out");
        CliRunner.Result r = grist(run(in, out));
        assertEquals(1, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("task m-00000 cannot succeed: input gz/cut.gz"), r.out());
        assertTrue(r.out().contains("is truncated"), r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = Json.parseObject(Files.readString(out.resolve("_JOB.json")));
        List<?> tasks = (List<?>) summary.get("tasks");
        assertEquals(1, ((List<?>) ((Map<?, ?>) tasks.get(0)).get("attempts")).size(), "one attempt, no retries");
    }

    /**
     * Finding 6: a job whose every attempt crashes says so, and that --chaos did it. (A seed whose two
     * attempts at the one map task both die before their commit: one that dies after it leaves a
     * committed task, which the job goes on with.)
     */
    @Test
    void aJobThatAlwaysCrashesSaysChaosDidIt() throws Exception {
        int seed = 1;
        while (!earlyCrashes(Chaos.parse("crash=1.0,seed=" + seed))) seed++;
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "one two\n");
        Path out = tmp.resolve("out");
        CliRunner.Result r = grist(run(doc, out, "--chaos", "crash=1.0,seed=" + seed, "--max-attempts", "2"));
        assertEquals(1, r.code(), () -> r.out() + r.err());
        assertTrue(
                r.out().contains("FAILED: task m-00000 failed 2 attempts: 2 crashed (injected by --chaos)"), r.out());
        String summary = Files.readString(out.resolve("_JOB.json"));
        assertFalse(summary.contains("\"outcome\" : \"running\""), summary);
        assertTrue(summary.contains("\"outcome\" : \"lost\""), summary);
    }

    private static boolean earlyCrashes(Chaos chaos) {
        for (int delivery = 1; delivery <= 2; delivery++) {
            FaultPoint p = chaos.crashPoint(true, 0, delivery);
            if (p != FaultPoint.MAP_START && p != FaultPoint.MAP_INPUT && p != FaultPoint.MAP_BEFORE_COMMIT) {
                return false;
            }
        }
        return true;
    }

    /** Finding 8: a task that never finishes is named when grist gives up, with its input and its time. */
    @Test
    void aTimedOutWaitNamesTheStuckTask() throws Exception {
        String chaos = "delay=1.0,maxDelay=1h,seed=1";
        assertTrue(Chaos.parse(chaos).delayMillis(true, 0, 1) > 60_000, "this seed's first attempt sleeps long");
        Path doc = Files.writeString(tmp.resolve("stuck.txt"), "one two\n");
        Path out = tmp.resolve("out");
        CliRunner.Result r = grist(run(doc, out, "--chaos", chaos, "--timeout", "6s"));
        assertEquals(4, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("gave up after 6.0 s (--timeout): job"), r.out());
        assertTrue(r.out().contains("is still mapping (maps 0/1"), r.out());
        assertTrue(r.out().contains("m-00000 has run"), r.out());
        assertTrue(r.out().contains("on stuck.txt bytes 0-8"), r.out());
        assertTrue(r.out().contains("--task-timeout"), r.out());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    /** Finding 8: with --task-timeout, an attempt that runs too long is stopped and its task runs again. */
    @Test
    void aTaskTimeoutStopsEachAttemptAndTheJobSaysSo() throws Exception {
        String chaos = "delay=1.0,maxDelay=1h,seed=1";
        Chaos c = Chaos.parse(chaos);
        assertTrue(c.delayMillis(true, 0, 1) > 60_000 && c.delayMillis(true, 0, 2) > 60_000, "both attempts sleep");
        Path doc = Files.writeString(tmp.resolve("slow.txt"), "one two\n");
        Path out = tmp.resolve("out");
        CliRunner.Result r = grist(
                run(doc, out, "--chaos", chaos, "--task-timeout", "2s", "--max-attempts", "2", "--timeout", "5m"));
        assertEquals(1, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("2 timed out after 2 s (the job's taskTimeout)"), r.out());
    }

    /** Finding 11: an output folder that fills while the job runs is left alone, and the result kept. */
    @Test
    void anOutputThatCannotBeWrittenIsKeptAndGristSaysWhere() throws Exception {
        Path doc = Files.writeString(tmp.resolve("doc.txt"), "one two two\n");
        Path out = tmp.resolve("out");
        Thread intruder = new Thread(() -> {
            try {
                for (int i = 0; i < 2400 && !Files.isDirectory(out); i++) Thread.sleep(50);
                Files.writeString(out.resolve("someone-elses.txt"), "keep me");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        intruder.start();
        CliRunner.Result r = CliRunner.run(run(doc, out).toArray(String[]::new));
        intruder.join();
        try {
            assertEquals(5, r.code(), () -> r.out() + r.err());
            assertTrue(r.out().contains("SUCCEEDED, but its output could not be written to '" + out + "'"), r.out());
            assertTrue(r.out().contains("'someone-elses.txt' appeared in it while the job ran"), r.out());
            Matcher kept = Pattern.compile("the output is kept in (\\S+)").matcher(r.out());
            assertTrue(kept.find(), r.out());
            Path result = Path.of(kept.group(1));
            assertEquals(List.of("one\t1", "two\t2"), Files.readAllLines(result.resolve("part-r-00000")));
            assertTrue(Files.exists(result.resolve("_SUCCESS")));
            assertEquals("keep me", Files.readString(out.resolve("someone-elses.txt")));
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(1, files.count(), "nothing written into it");
            }
        } finally {
            Matcher kept = KEPT.matcher(r.out());
            if (kept.find()) FileTree.delete(Path.of(kept.group(1)));
        }
    }
}
