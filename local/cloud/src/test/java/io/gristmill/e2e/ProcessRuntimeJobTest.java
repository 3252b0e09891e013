package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.api.Mapper;
import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Recovery;
import io.gristmill.local.LocalCloud;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.process.FunctionStats;
import io.gristmill.local.process.ProcessRuntime;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskRecord;
import io.gristmill.testing.TestJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole jobs on a local cloud whose functions run as processes under the real Lambda Runtime
 * Interface Client, with the real handlers: the output is the sequential one, instances are reused
 * and never exceed the concurrency limit, and a user function that exits, crashes, runs out of
 * memory or hangs loses its instance but no data.
 */
class ProcessRuntimeJobTest {
    static final int CONCURRENCY = 2;
    static final int TASK_TIMEOUT_SECONDS = 10;

    @TempDir
    static Path tmp;

    static LocalCloud cloud;
    static JobClient client;
    static Path jar;

    @BeforeAll
    static void start() throws Exception {
        jar = TestJar.build(
                tmp, "crash-once", List.of("userjobs/CrashOnce.java", "userjobs/Sum.java"), List.of(Mapper.class));
        Map<String, String> parameters = new TreeMap<>(SharedCloud.TEST_PARAMETERS);
        parameters.put("MapMemorySize", "256"); // a small heap, quick to fill
        parameters.put("TaskTimeout", Integer.toString(TASK_TIMEOUT_SECONDS));
        cloud = LocalCloud.start(LocalCloud.Options.builder()
                .runtime(RuntimeMode.PROCESS)
                .parameters(parameters)
                .concurrency(CONCURRENCY)
                .inMemoryS3(true)
                .jars(List.of(jar)));
        client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) cloud.close();
    }

    static FunctionStats stats(String function) {
        return ((ProcessRuntime) cloud.runtime()).stats().get(function);
    }

    @Test
    void wordCountReusesWarmInstancesAndNeverExceedsTheLimit() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("wc"), 4, 1500, 31);
        client.upload("uploads/pwc/", List.of(tmp.resolve("wc")));
        FunctionStats before = stats("MapFunction");
        int coldBefore = before == null ? 0 : before.coldStarts();
        long invocationsBefore = before == null ? 0 : before.invocations();
        AtomicInteger osPeak = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                osPeak.accumulateAndGet(instanceProcesses("io.gristmill.handlers.MapHandler"), Math::max);
                Thread.onSpinWait();
            }
        });
        sampler.start();
        JobRecord job;
        try {
            job = Jobs.runOk(
                    client,
                    "pwc",
                    Jobs.spec("wordcount", List.of("uploads/pwc/"), "output/pwc/", 3, 8 << 10, Map.of()));
        } finally {
            sampling.set(false);
            sampler.join();
        }
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("pwc-out"))));
        FunctionStats map = stats("MapFunction");
        assertTrue(job.maps() > 2 * CONCURRENCY, "enough map tasks to need reuse: " + job.maps());
        assertTrue(map.invocations() - invocationsBefore >= job.maps());
        assertTrue(map.coldStarts() - coldBefore <= CONCURRENCY, "warm instances served the other tasks: " + map);
        assertTrue(map.peakInstances() <= CONCURRENCY, map.toString());
        assertTrue(osPeak.get() <= CONCURRENCY, "map processes seen at once: " + osPeak.get());
        assertTrue(stats("ReduceFunction").peakInstances() <= CONCURRENCY);
    }

    @Test
    void systemExitInAUserFunctionLosesNoData() throws Exception {
        Attempt lost = runCrashingJob("exit");
        // The dying process said why (a shutdown hook), and who called System.exit.
        assertEquals(Outcome.LOST, lost.outcome());
        assertTrue(lost.error().startsWith("crashed ("), lost.error());
        assertTrue(lost.error().contains("System.exit"), lost.error());
        assertTrue(lost.error().contains("com.example.crash.CrashOnce.misbehave(CrashOnce.java:"), lost.error());
    }

    @Test
    void anOutOfMemoryErrorInAUserFunctionLosesNoData() throws Exception {
        Attempt lost = runCrashingJob("oom");
        assertTrue(anyLogContains("java.lang.OutOfMemoryError"), "the JVM reported the OutOfMemoryError");
        assertEquals(Outcome.LOST, lost.outcome());
        assertTrue(lost.error().startsWith("ran out of memory: java.lang.OutOfMemoryError"), lost.error());
    }

    @Test
    void aHaltedProcessLosesNoData() throws Exception {
        Attempt lost = runCrashingJob("halt");
        assertEquals(Outcome.RUNNING, lost.outcome(), "a halt leaves no time for words: the lease brought it back");
    }

    @Test
    void aHangPastTheTimeoutIsKilledAndTheTaskRunsAgain() throws Exception {
        int before = stats("MapFunction") == null ? 0 : stats("MapFunction").timeouts();
        Attempt lost = runCrashingJob("hang");
        assertEquals(before + 1, stats("MapFunction").timeouts());
        assertTrue(anyLogContains("Task timed out after " + TASK_TIMEOUT_SECONDS + ".00 seconds"));
        assertEquals(Outcome.LOST, lost.outcome(), "the attempt said it timed out before the runtime killed it");
        assertTrue(lost.error().startsWith("timed out: the function's time limit"), lost.error());
    }

    /**
     * Runs the token count with a mapper that misbehaves once; the output must be the sequential one.
     * Returns the attempt that misbehaved, as the table has it.
     */
    private static Attempt runCrashingJob(String mode) throws Exception {
        String name = "crash-" + mode;
        List<Path> docs = Corpus.write(tmp.resolve(name), 3, 600, mode.hashCode());
        Path markers = Files.createDirectories(tmp.resolve(name + "-markers"));
        client.upload("uploads/" + name + "/", List.of(tmp.resolve(name)));
        FunctionStats before = stats("MapFunction");
        Manifest spec = Jobs.classes(
                        "com.example.crash.CrashOnce",
                        "com.example.crash.Sum",
                        List.of("uploads/" + name + "/"),
                        "output/" + name + "/",
                        2,
                        6 << 10)
                .toBuilder()
                .combiner("com.example.crash.Sum")
                .params(Map.of("markers", markers.toString(), "mode", mode))
                .recovery(new Recovery(2, false, 3, 30, 900))
                .build(); // a lost attempt's task returns within 2 s
        JobRecord job = Jobs.runOk(client, name, spec);
        assertTrue(Files.exists(markers.resolve(mode)), "an attempt misbehaved");
        Jobs.assertSameLines(tokenCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve(name + "-out"))));
        // The runtime counts a lost instance when it sees the process end, which on a loaded machine can
        // come after the job's other instances have already finished the job: wait for it, boundedly.
        FunctionStats after = stats("MapFunction");
        for (long deadline = System.nanoTime() + 15_000_000_000L;
                lost(before, after) < 1 && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
            after = stats("MapFunction");
        }
        assertEquals(1, lost(before, after), "exactly one instance was lost: " + after);
        long rerun = client.table().tasks(job.jobId(), TaskKind.MAP).stream()
                .filter(t -> t.attempts().size() > 1)
                .count();
        assertEquals(1, rerun, "the crashed task ran again");
        for (TaskRecord t : client.table().tasks(job.jobId(), TaskKind.MAP)) {
            assertEquals(
                    1,
                    t.attempts().stream()
                            .filter(a -> a.outcome() == Outcome.COMMITTED)
                            .count());
        }
        return client.table().tasks(job.jobId(), TaskKind.MAP).stream()
                .filter(t -> t.attempts().size() > 1)
                .findFirst()
                .orElseThrow()
                .attempts()
                .get(0);
    }

    private static int lost(FunctionStats before, FunctionStats after) {
        return (after.exits() + after.timeouts()) - (before == null ? 0 : before.exits() + before.timeouts());
    }

    /** What CrashOnce and Sum compute, the straightforward way. */
    private static List<String> tokenCount(List<Path> files) throws Exception {
        TreeMap<String, Long> counts = new TreeMap<>();
        for (Path f : files) {
            for (String line : Oracle.lines(f)) {
                for (String token : line.split(" ")) if (!token.isEmpty()) counts.merge(token, 1L, Long::sum);
            }
        }
        List<String> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(k + "\t" + v));
        return out;
    }

    private static boolean anyLogContains(String text) throws Exception {
        try (Stream<Path> logs = Files.walk(cloud.logDir())) {
            for (Path p : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                if (Files.readString(p).contains(text)) return true;
            }
        }
        return false;
    }

    /** Function instance processes alive now, by handler; from /proc, as ProcessHandle truncates. */
    static int instanceProcesses(String handler) {
        return (int) ProcessHandle.current()
                .descendants()
                .filter(p -> {
                    try {
                        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")))
                                .contains(handler);
                    } catch (java.io.IOException e) {
                        return false;
                    }
                })
                .count();
    }
}
