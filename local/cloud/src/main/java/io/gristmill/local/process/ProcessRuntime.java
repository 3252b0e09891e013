package io.gristmill.local.process;

import io.gristmill.engine.files.FileTree;
import io.gristmill.local.runtime.BatchResult;
import io.gristmill.local.runtime.FunctionConfig;
import io.gristmill.local.runtime.FunctionRuntime;
import io.gristmill.local.runtime.QueueMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Runs every function instance as its own JVM, driven by the real AWS Lambda Runtime Interface
 * Client against a Runtime API served here: the code path of Lambda's managed Java runtime, with
 * no Docker and no account. Instances stay warm between invocations, start on demand up to the
 * function's concurrency limit, and are retired when idle; a timeout kills its instance, and an
 * instance that exits (System.exit, halt, OutOfMemoryError) fails only its own invocation.
 */
public final class ProcessRuntime implements FunctionRuntime {
    /**
     * @param idleTimeout how long a warm instance may wait for work before it is stopped
     * @param initTimeout how long a new instance may take to ask for its first event (on top of the
     *     function's timeout, as Lambda retries a slow init within the invocation)
     * @param classDataArchives where to keep AppCDS archives of the functions' classes (faster cold
     *     starts), or null for none
     */
    public record Settings(JvmOptions jvm, Duration idleTimeout, Duration initTimeout, Path classDataArchives) {
        public static Settings defaults() {
            return new Settings(
                    JvmOptions.lambdaDefaults(),
                    // Lambda keeps an idle environment for minutes (how long is not documented): five here, so
                    // that a grist up stack's next job, a few minutes later, finds its instances warm.
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(10),
                    ClassDataArchive.defaultDir());
        }

        public Settings withIdleTimeout(Duration d) {
            return new Settings(jvm, d, initTimeout, classDataArchives);
        }

        public Settings withJvm(JvmOptions j) {
            return new Settings(j, idleTimeout, initTimeout, classDataArchives);
        }

        public Settings withClassDataArchives(Path dir) {
            return new Settings(jvm, idleTimeout, initTimeout, dir);
        }
    }

    /** A recording instance writes its class archive (tens of MB) as it stops. */
    private static final long RECORDING_GRACE_MILLIS = 30_000;

    private final Path logDir;
    private final Path tmpDir;
    private final String account;
    private final Settings settings;
    private final InstanceLauncher launcher;
    private final ClassDataArchive archive;
    private final Map<String, InstancePool> pools = new ConcurrentHashMap<>();
    private final ExecutorService exits = Executors.newCachedThreadPool(r -> daemon(r, "lambda-instance-exit"));
    private final ScheduledExecutorService reaper =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "lambda-idle-reaper"));
    private final Thread shutdownHook = new Thread(this::killAll, "lambda-instances-shutdown");
    private volatile boolean closed;

    /**
     * @param logDir where each instance's log stream goes: {@code <function>/<NNN>.log}
     * @param workDir for the runtime's own files (the unpacked native library) and each instance's /tmp
     */
    public ProcessRuntime(DeploymentPackage pkg, Path logDir, Path workDir, String account, Settings settings)
            throws IOException {
        this.logDir = logDir;
        this.tmpDir = workDir.resolve("instances");
        this.account = account;
        this.settings = settings;
        this.launcher = new InstanceLauncher(pkg, workDir.resolve("runtime"), settings.jvm());
        // The JVM archives classes from jars only: a class directory on the path means no archive.
        boolean jarsOnly = pkg.classPath().stream().allMatch(Files::isRegularFile);
        this.archive = settings.classDataArchives() == null || !jarsOnly
                ? null
                : ClassDataArchive.forPackage(settings.classDataArchives(), pkg);
        long period = Math.max(1, Math.min(5, settings.idleTimeout().toSeconds() / 4));
        reaper.scheduleWithFixedDelay(this::retireIdle, period, period, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(shutdownHook); // never leave instances behind a dying JVM
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public BatchResult invokeSqs(FunctionConfig fn, List<QueueMessage> messages, String queueArn, String region)
            throws InterruptedException {
        long start = System.currentTimeMillis();
        Set<String> all = new HashSet<>();
        for (QueueMessage m : messages) all.add(m.messageId());
        InstancePool pool = pool(fn, region);
        if (closed) return new BatchResult(all, "the local cloud is stopping", false, 0);
        InstancePool.Lease lease;
        try {
            lease = pool.acquire();
        } catch (IOException | RuntimeException e) {
            return new BatchResult(
                    all,
                    "Runtime.InitError: could not start an instance: " + e,
                    true,
                    System.currentTimeMillis() - start);
        }
        if (closed) { // an instance started while the runtime closed must not outlive it
            pool.release(lease.instance(), null);
            return new BatchResult(all, "the local cloud is stopping", lease.cold(), 0);
        }
        Invocation inv = new Invocation(
                UUID.randomUUID().toString(),
                traceId(),
                SqsEventJson.event(messages, queueArn, region),
                fn.timeoutSeconds() * 1000L);
        InvocationEnd outcome = null;
        try {
            outcome = lease.instance().invoke(inv, settings.initTimeout().toMillis() + fn.timeoutSeconds() * 1000L);
        } finally {
            pool.release(lease.instance(), outcome);
        }
        Set<String> retry = outcome instanceof InvocationEnd.Response r ? SqsEventJson.retries(r.body(), all) : all;
        return new BatchResult(retry, outcome.error(), lease.cold(), System.currentTimeMillis() - start);
    }

    private InstancePool pool(FunctionConfig fn, String region) {
        return pools.computeIfAbsent(
                fn.name(),
                n -> new InstancePool(fn, (number, listener) -> startInstance(fn, number, region, listener)));
    }

    @Override
    public void warm(FunctionConfig fn, int instances, String region) {
        if (closed) return;
        try {
            pool(fn, region).warm(instances);
        } catch (IOException | RuntimeException e) {
            // Nothing lost: the first invocation starts its instance itself, and says why if it cannot.
        }
    }

    private FunctionInstance startInstance(
            FunctionConfig fn, int number, String region, FunctionInstance.Listener listener) throws IOException {
        String id = String.format("%s/%03d", fn.name(), number);
        String functionName = fn.environment().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", fn.name());
        String arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
        InstanceLog log = new InstanceLog(logDir.resolve(id + ".log"));
        Path tmp = tmpDir.resolve(id);
        boolean records = archive != null && archive.records(fn.name());
        List<String> cds = archive == null ? List.of() : archive.flags(fn.name(), records);
        IntConsumer gone = status -> {
            FileTree.delete(tmp);
            if (records) archive.recorded(fn.name(), status);
        };
        return new FunctionInstance(
                id,
                fn,
                arn,
                log,
                api -> launcher.start(fn, id, api, tmp, log.file(), cds),
                listener,
                gone,
                records ? RECORDING_GRACE_MILLIS : InstancePool.SHUTDOWN_GRACE_MILLIS,
                exits);
    }

    /** An X-Ray trace header, as Lambda passes one with every event. */
    private static String traceId() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.substring(0, 24) + ";Parent="
                + hex.substring(16, 32) + ";Sampled=0";
    }

    private void retireIdle() {
        long maxIdle = settings.idleTimeout().toNanos();
        for (InstancePool pool : pools.values()) {
            try {
                pool.retireIdle(maxIdle);
            } catch (RuntimeException e) {
                // try again at the next round
            }
        }
    }

    @Override
    public Map<String, Integer> coldStarts() {
        Map<String, Integer> out = new TreeMap<>();
        pools.forEach((name, pool) -> out.put(name, pool.coldStarts()));
        return out;
    }

    /** Per function: cold starts and their Init Durations, peak instances, timeouts, exits. */
    public Map<String, FunctionStats> stats() {
        Map<String, FunctionStats> out = new TreeMap<>();
        pools.forEach((name, pool) -> out.put(name, pool.stats()));
        return out;
    }

    private void killAll() {
        for (InstancePool pool : pools.values()) pool.killAll();
    }

    @Override
    public void close() {
        closed = true;
        reaper.shutdownNow();
        // Idle instances get Lambda's shutdown phase, all at once; busy ones are killed.
        List<FunctionInstance> stopping = new ArrayList<>();
        for (InstancePool pool : pools.values()) stopping.addAll(pool.drainIdle());
        for (FunctionInstance i : stopping) i.beginShutdown("the local cloud is stopping");
        for (FunctionInstance i : stopping) i.finishShutdown();
        killAll();
        for (FunctionInstance i : stopping) i.awaitExitHandled(5_000);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
    }
}
