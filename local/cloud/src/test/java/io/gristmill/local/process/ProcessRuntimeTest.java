package io.gristmill.local.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.local.runtime.BatchResult;
import io.gristmill.local.runtime.FunctionConfig;
import io.gristmill.local.runtime.QueueMessage;
import io.gristmill.testing.TestJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process runtime with a test function (Probe) run by the real Runtime Interface Client in its
 * own JVMs: the round trip, Lambda's context, partial batches, warm reuse, timeouts, exits, the
 * concurrency limit, idle retirement and init errors.
 */
class ProcessRuntimeTest {
    static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:probe-queue";

    @TempDir
    static Path jars;

    static Path probeJar;

    @TempDir
    Path state;

    ProcessRuntime runtime;

    @BeforeAll
    static void buildProbe() {
        probeJar = TestJar.build(
                jars,
                "probe",
                List.of("functions/Probe.java", "functions/BadInit.java"),
                List.of(RequestHandler.class, SQSEvent.class));
    }

    @BeforeEach
    void start() throws Exception {
        runtime = start(ProcessRuntime.Settings.defaults());
    }

    ProcessRuntime start(ProcessRuntime.Settings settings) throws Exception {
        return new ProcessRuntime(
                DeploymentPackage.resolve(List.of(probeJar)), state.resolve("logs"), state, "000000000000", settings);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    static FunctionConfig probe(String name, int timeoutSeconds, int maxInstances) {
        return new FunctionConfig(
                name,
                "probe.Probe::handleRequest",
                256,
                timeoutSeconds,
                Map.of(
                        "AWS_LAMBDA_FUNCTION_NAME",
                        "stack-" + name.toLowerCase(),
                        "AWS_REGION",
                        "us-east-1",
                        "PROBE_VARIABLE",
                        "set"),
                maxInstances);
    }

    static QueueMessage message(String body) {
        return new QueueMessage(
                UUID.randomUUID().toString(),
                "receipt-" + body,
                body,
                "md5",
                Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1"));
    }

    BatchResult invoke(FunctionConfig fn, String... bodies) throws InterruptedException {
        List<QueueMessage> batch = new ArrayList<>();
        for (String b : bodies) batch.add(message(b));
        return runtime.invokeSqs(fn, batch, QUEUE_ARN, "us-east-1");
    }

    String log(String instance) throws Exception {
        return Files.readString(state.resolve("logs").resolve(instance + ".log"));
    }

    /** The last value of {@code name=} that the probe printed about its invocation. */
    static String field(String log, String name) {
        Matcher m = Pattern.compile(name.equals("pid") ? "probe pid=(\\S+)" : "probe pid=.* " + name + "=(\\S+)")
                .matcher(log);
        String last = null;
        while (m.find()) last = m.group(1);
        return last;
    }

    static List<String> all(String log, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    void aRoundTripGivesTheHandlerLambdasEventAndContext() throws Exception {
        FunctionConfig fn = probe("Trip", 30, 2);
        BatchResult r = invoke(fn, "ok");
        assertNull(r.error());
        assertTrue(r.retry().isEmpty());
        assertTrue(r.coldStart());
        String log = log("Trip/001");
        String requestId =
                all(log, "START RequestId: (\\S+) Version: \\$LATEST").get(0);
        assertEquals(requestId, field(log, "requestId"), log);
        assertEquals("Trip/001", field(log, "stream"));
        assertEquals("stack-trip", field(log, "function"));
        assertEquals("/aws/lambda/stack-trip", field(log, "group"));
        assertEquals("256", field(log, "memory"));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:stack-trip", field(log, "arn"));
        long remaining = Long.parseLong(field(log, "remaining"));
        assertTrue(remaining > 25_000 && remaining <= 30_000, "remaining time from the deadline: " + remaining);
        long heap = Long.parseLong(field(log, "heap"));
        assertTrue(heap > 180L << 20 && heap <= 256L << 20, "the heap is bounded by MemorySize: " + heap);
        assertTrue(field(log, "tmp").endsWith("Trip/001"), "each instance has its own /tmp");
        assertTrue(log.contains("source=aws:sqs arn=" + QUEUE_ARN + " region=us-east-1 receiveCount=1 body=ok"), log);
        assertTrue(log.contains("END RequestId: " + requestId), log);
        assertTrue(
                Pattern.compile("REPORT RequestId: " + requestId + "\tDuration: [\\d.]+ ms.*Memory Size: 256 MB.*"
                                + "Init Duration: [\\d.]+ ms")
                        .matcher(log)
                        .find(),
                log);
        assertEquals(1, runtime.stats().get("Trip").coldStarts());
        assertTrue(runtime.stats().get("Trip").initMillis().get(0) > 0);
    }

    @Test
    void aPartialBatchResponseRetriesExactlyTheReportedMessages() throws Exception {
        FunctionConfig fn = probe("Partial", 30, 1);
        List<QueueMessage> batch = List.of(message("ok"), message("fail"), message("ok"));
        BatchResult r = runtime.invokeSqs(fn, batch, QUEUE_ARN, "us-east-1");
        assertNull(r.error());
        assertEquals(Set.of(batch.get(1).messageId()), r.retry());
    }

    @Test
    void aWarmInstanceServesTheNextInvocations() throws Exception {
        FunctionConfig fn = probe("Warm", 30, 2);
        for (int i = 0; i < 5; i++) {
            BatchResult r = invoke(fn, "ok");
            assertNull(r.error());
            assertEquals(i == 0, r.coldStart(), "only the first invocation starts an instance");
        }
        String log = log("Warm/001");
        assertEquals("5", field(log, "invocation"), "one JVM ran all five: its static counter says so");
        assertEquals(1, all(log, "(Init Duration)").size(), "Init Duration is reported once, by the cold start");
        assertEquals(1, runtime.stats().get("Warm").coldStarts());
        assertEquals(5, runtime.stats().get("Warm").invocations());
    }

    @Test
    void warmInstancesInitializeAheadAndServeTheFirstInvocations() throws Exception {
        FunctionConfig fn = probe("Ahead", 30, 2);
        runtime.warm(fn, 5, "us-east-1"); // asks for more than the limit: two start
        long until = System.currentTimeMillis() + 20_000;
        while (runtime.stats().get("Ahead").initMillis().size() < 2 && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        FunctionStats before = runtime.stats().get("Ahead");
        assertEquals(2, before.coldStarts());
        assertEquals(2, before.initMillis().size(), "both finished their init with no invocation waiting");
        assertEquals(0, before.invocations());
        for (int i = 0; i < 4; i++) {
            BatchResult r = invoke(fn, "ok");
            assertNull(r.error());
            assertFalse(r.coldStart(), "invocation " + i + " found an instance ready");
        }
        runtime.warm(fn, 2, "us-east-1"); // two are alive: nothing to start
        assertEquals(2, runtime.stats().get("Ahead").coldStarts());
        assertEquals(2, runtime.stats().get("Ahead").peakInstances());
        assertTrue(log("Ahead/001").contains("Init Duration"), "its first REPORT still gives its init");
    }

    @Test
    void aHandlerExceptionFailsTheBatchAndKeepsTheInstance() throws Exception {
        FunctionConfig fn = probe("Throws", 30, 1);
        List<QueueMessage> batch = List.of(message("ok"), message("throw"));
        BatchResult r = runtime.invokeSqs(fn, batch, QUEUE_ARN, "us-east-1");
        assertEquals("java.lang.IllegalStateException: probe was told to throw", r.error());
        assertEquals(
                Set.of(batch.get(0).messageId(), batch.get(1).messageId()),
                r.retry(),
                "Lambda retries the whole batch");
        BatchResult next = invoke(fn, "ok");
        assertNull(next.error());
        assertFalse(next.coldStart(), "Lambda keeps an instance whose handler threw");
    }

    @Test
    void aTimeoutKillsTheInstanceAndTheNextInvocationGetsANewOne() throws Exception {
        FunctionConfig fn = probe("Slow", 2, 1);
        invoke(fn, "ok");
        long pid = Long.parseLong(field(log("Slow/001"), "pid"));
        long begin = System.nanoTime();
        BatchResult r = invoke(fn, "sleep 60000");
        long took = (System.nanoTime() - begin) / 1_000_000;
        assertEquals("Task timed out after 2.00 seconds", r.error());
        assertEquals(1, r.retry().size());
        assertTrue(took >= 2000 && took < 6000, "ended at the deadline: " + took + " ms");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the instance was killed");
        assertTrue(log("Slow/001").contains("Task timed out after 2.00 seconds"));
        assertTrue(log("Slow/001").contains("Status: timeout"));
        BatchResult after = invoke(fn, "ok");
        assertNull(after.error());
        assertTrue(after.coldStart(), "a new instance replaces the killed one");
        assertTrue(Files.exists(state.resolve("logs/Slow/002.log")));
        FunctionStats stats = runtime.stats().get("Slow");
        assertEquals(1, stats.timeouts());
        assertEquals(2, stats.coldStarts());
        assertEquals(1, stats.peakInstances(), "the replacement never overlapped the killed instance");
    }

    @Test
    void systemExitAndHaltEndOnlyTheirInstanceWhileOutOfMemoryIsAnError() throws Exception {
        FunctionConfig fn = probe("Crash", 30, 1);
        assertEquals(
                "Runtime.ExitError: Runtime exited with error: exit status 3",
                invoke(fn, "exit 3").error());
        assertEquals(
                "Runtime.ExitError: Runtime exited with error: exit status 7",
                invoke(fn, "halt 7").error());
        // As on Lambda (errorType java.lang.OutOfMemoryError), running out of heap is the function's error,
        // not an exit on the spot: the handler sees it first (Gristmill's record it, then end the instance).
        BatchResult oom = invoke(fn, "oom");
        assertEquals("java.lang.OutOfMemoryError: Java heap space", oom.error());
        assertEquals(1, oom.retry().size());
        assertTrue(log("Crash/001").contains("Error: Runtime exited with error: exit status 3 Runtime.ExitError"));
        // The runtime interface client reports the error, then ends its process (an Error is fatal to it).
        for (long deadline = System.nanoTime() + 15_000_000_000L;
                runtime.stats().get("Crash").liveInstances() > 0 && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
        }
        assertEquals(0, runtime.stats().get("Crash").liveInstances(), "the client ended the instance");
        assertTrue(log("Crash/003").contains("java.lang.OutOfMemoryError"), log("Crash/003"));
        BatchResult fine = invoke(fn, "ok");
        assertNull(fine.error());
        assertTrue(fine.coldStart());
        FunctionStats stats = runtime.stats().get("Crash");
        assertEquals(2, stats.exits());
        assertEquals(4, stats.coldStarts());
        assertEquals(1, stats.liveInstances());
    }

    @Test
    void instancesNeverExceedTheConcurrencyLimit() throws Exception {
        FunctionConfig fn = probe("Limit", 30, 2);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        AtomicInteger osPeak = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                int n = (int) ProcessHandle.current()
                        .descendants()
                        .filter(p -> commandLine(p.pid()).contains("probe.Probe::handleRequest"))
                        .count();
                osPeak.accumulateAndGet(n, Math::max);
                Thread.onSpinWait();
            }
        });
        sampler.start();
        try {
            List<Future<BatchResult>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) results.add(callers.submit(() -> invoke(fn, "sleep 300")));
            for (Future<BatchResult> f : results) assertNull(f.get().error());
        } finally {
            sampling.set(false);
            sampler.join();
            callers.shutdownNow();
        }
        FunctionStats stats = runtime.stats().get("Limit");
        assertEquals(2, stats.peakInstances());
        assertEquals(2, stats.coldStarts(), "two instances served all twelve invocations");
        assertTrue(osPeak.get() <= 2, "processes seen at once: " + osPeak.get());
        assertEquals(2, osPeak.get());
    }

    /** From /proc: ProcessHandle.Info gives up on a JVM's long command line. */
    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void idleInstancesAreRetired() throws Exception {
        runtime.close();
        runtime = start(ProcessRuntime.Settings.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        FunctionConfig fn = probe("Idle", 30, 1);
        assertNull(invoke(fn, "ok").error());
        long pid = Long.parseLong(field(log("Idle/001"), "pid"));
        long until = System.currentTimeMillis() + 10_000;
        while (runtime.stats().get("Idle").liveInstances() > 0 && System.currentTimeMillis() < until) Thread.sleep(100);
        assertEquals(0, runtime.stats().get("Idle").liveInstances());
        assertEquals(1, runtime.stats().get("Idle").retired());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(log("Idle/001").contains("SHUTDOWN idle"));
        assertTrue(invoke(fn, "ok").coldStart(), "the next invocation starts a new instance");
    }

    @Test
    void aConstructorThatThrowsIsAnInitError() throws Exception {
        FunctionConfig fn = new FunctionConfig("Bad", "probe.BadInit::handleRequest", 256, 30, Map.of(), 1);
        BatchResult r = invoke(fn, "ok");
        assertTrue(r.error() != null && r.error().contains("BadInit cannot start"), r.error());
        assertEquals(1, r.retry().size());
        assertTrue(log("Bad/001").contains("INIT_REPORT"), log("Bad/001"));
    }
}
