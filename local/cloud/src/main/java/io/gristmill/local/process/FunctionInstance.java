package io.gristmill.local.process;

import io.gristmill.local.runtime.FunctionConfig;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * One execution environment: a JVM running the Runtime Interface Client, its Runtime API, its log
 * stream. It serves one invocation at a time. A response or a handled error leaves it warm; a
 * timeout kills it; an exit (System.exit, halt, a crash, an OutOfMemoryError) ends it, and the
 * invocation it was running fails with Runtime.ExitError, as on Lambda.
 */
final class FunctionInstance implements RuntimeApiServer.Instance {
    /** Starts the process, given the address of its Runtime API. */
    interface Starter {
        Process start(String runtimeApi) throws IOException;
    }

    /** What the pool learns about an instance. */
    interface Listener {
        void initialized(FunctionInstance instance, double initMillis);

        /** Called once, when the process is gone. */
        void died(FunctionInstance instance);
    }

    /** How long an exiting process's connections may take to deliver what it sent. */
    private static final long DRAIN_MILLIS = 2000;

    final String id;
    private final FunctionConfig fn;
    private final InstanceLog log;
    private final Listener listener;
    private final RuntimeApiServer server;
    private final Process process;
    private final long launchedNanos;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean deathReported = new AtomicBoolean();
    private final CompletableFuture<Void> exitHandled = new CompletableFuture<>();
    private final IntConsumer gone;
    private final long shutdownGraceMillis;
    private volatile Invocation current;
    private volatile InvocationEnd.InitFailed initFailure;
    private volatile double initMillis = -1;
    private volatile boolean initReported;
    private volatile boolean dead;
    private volatile boolean killed;
    private volatile long idleSince;

    /**
     * @param gone run with the exit status once the process is gone (e.g. deletes the instance's /tmp)
     * @param shutdownGraceMillis how long a stopping instance may take after SIGTERM
     * @param exits runs the exit handling, which may wait for connections to drain
     */
    FunctionInstance(
            String id,
            FunctionConfig fn,
            String functionArn,
            InstanceLog log,
            Starter starter,
            Listener listener,
            IntConsumer gone,
            long shutdownGraceMillis,
            Executor exits)
            throws IOException {
        this.id = id;
        this.fn = fn;
        this.log = log;
        this.listener = listener;
        this.gone = gone;
        this.shutdownGraceMillis = shutdownGraceMillis;
        this.server = new RuntimeApiServer(this, functionArn, id);
        log.platform("INIT_START Runtime Version: java:" + Runtime.version().feature()
                + " (local process, aws-lambda-java-runtime-interface-client)");
        this.launchedNanos = System.nanoTime();
        try {
            this.process = starter.start(server.address());
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        process.onExit().thenRunAsync(this::exited, exits);
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    /** Whether the process is gone and the pool told. */
    boolean gone() {
        return deathReported.get();
    }

    long idleSince() {
        return idleSince;
    }

    void markIdle() {
        idleSince = System.nanoTime();
    }

    /**
     * Runs one invocation and waits for its end.
     *
     * @param initLimitMillis how long the event may wait for the runtime to take it (a cold start)
     */
    InvocationEnd invoke(Invocation inv, long initLimitMillis) throws InterruptedException {
        log.platform("START RequestId: " + inv.requestId + " Version: $LATEST");
        long begin = System.nanoTime();
        current = inv;
        queue.add(inv);
        if (dead) inv.end(deathOutcome());
        InvocationEnd outcome;
        try {
            long deadline = inv.dispatched.get(initLimitMillis, TimeUnit.MILLISECONDS);
            if (deadline >= 0)
                inv.outcome.get(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            outcome = inv.outcome.join();
        } catch (TimeoutException e) {
            if (inv.end(new InvocationEnd.TimedOut(fn.timeoutSeconds()))) {
                log.platform(inv.requestId + " Task timed out after " + fn.timeoutSeconds() + ".00 seconds");
                kill();
            }
            outcome = inv.outcome.join();
        } catch (InterruptedException e) {
            inv.end(new InvocationEnd.Exited(-1));
            kill(); // the local cloud is stopping: the instance cannot be returned mid-invocation
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("invocations never complete exceptionally", e);
        } finally {
            queue.remove(inv);
            current = null;
        }
        report(inv, outcome, begin);
        return outcome;
    }

    private void report(Invocation inv, InvocationEnd outcome, long beginNanos) {
        if (outcome instanceof InvocationEnd.Exited exited) {
            log.platform("RequestId: " + inv.requestId + " Error: Runtime exited with error: "
                    + InvocationEnd.Exited.describe(exited.status()) + " Runtime.ExitError");
        }
        // Lambda's Duration starts when the runtime takes the event, after any Init Duration.
        long from = inv.dispatchedNanos != 0 ? inv.dispatchedNanos : beginNanos;
        double ms = (System.nanoTime() - from) / 1e6;
        StringBuilder r = new StringBuilder("REPORT RequestId: ")
                .append(inv.requestId)
                .append(String.format(
                        "\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB",
                        ms, (long) Math.ceil(ms), fn.memoryMb()));
        if (process.isAlive()) {
            PeakMemory.megabytes(process.pid())
                    .ifPresent(mb -> r.append("\tMax Memory Used: ").append(mb).append(" MB"));
        }
        if (!initReported && initMillis >= 0) {
            initReported = true;
            r.append(String.format("\tInit Duration: %.2f ms", initMillis));
        }
        r.append(outcome.reportStatus());
        log.platform("END RequestId: " + inv.requestId);
        log.platform(r.toString());
    }

    // ---- the Runtime API's view of the instance

    @Override
    public Invocation awaitNext() throws InterruptedException {
        // The runtime's first request for an event ends its init (Lambda's Init Duration), whether an
        // invocation is waiting (a cold start) or not yet (an instance started ahead, by warm).
        if (initMillis < 0) {
            initMillis = (System.nanoTime() - launchedNanos) / 1e6;
            listener.initialized(this, initMillis);
        }
        while (!dead && !killed) {
            Invocation next = queue.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) return next;
        }
        return null;
    }

    @Override
    public boolean ended(String requestId, InvocationEnd outcome) {
        Invocation inv = current;
        if (inv == null || !inv.requestId.equals(requestId)) return false;
        inv.end(outcome);
        return true;
    }

    @Override
    public void initFailed(InvocationEnd.InitFailed failure) {
        initFailure = failure;
        log.platform("INIT_REPORT Init Duration: " + String.format("%.2f", (System.nanoTime() - launchedNanos) / 1e6)
                + " ms\tPhase: init\tStatus: error\tError Type: " + failure.errorType());
        Invocation inv = current;
        if (inv != null) inv.end(failure);
    }

    // ---- the end of an instance

    private InvocationEnd deathOutcome() {
        InvocationEnd.InitFailed init = initFailure;
        return init != null ? init : new InvocationEnd.Exited(process.isAlive() ? -1 : process.exitValue());
    }

    /** Kills the process and waits for it to be gone (so it never counts against the limit after). */
    void kill() {
        killed = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reportDeath();
    }

    /**
     * Stops an idle instance as Lambda's shutdown phase does: SIGTERM, so shutdown hooks run, then
     * SIGKILL after the grace period.
     */
    void retire(String why) {
        beginShutdown(why);
        finishShutdown();
    }

    /** Sends SIGTERM; {@link #finishShutdown} waits. Split so that many instances stop together. */
    void beginShutdown(String why) {
        log.platform("SHUTDOWN " + why);
        killed = true;
        process.destroy();
    }

    void finishShutdown() {
        try {
            process.waitFor(shutdownGraceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    private void exited() {
        dead = true;
        try {
            server.drain(DRAIN_MILLIS); // a response posted just before the exit still counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Invocation inv = current;
        if (inv != null) inv.end(deathOutcome());
        else if (!killed)
            log.platform("SHUTDOWN runtime exited while idle: " + InvocationEnd.Exited.describe(process.exitValue()));
        server.close();
        reportDeath();
        try {
            gone.accept(process.exitValue());
        } finally {
            exitHandled.complete(null);
        }
    }

    /** Waits until the exit was handled (its log lines written, its /tmp and class archive dealt with). */
    void awaitExitHandled(long millis) {
        try {
            exitHandled.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // go on: this is only tidying up
        }
    }

    private void reportDeath() {
        if (deathReported.compareAndSet(false, true)) listener.died(this);
    }

    @Override
    public String toString() {
        return id + " (pid " + process.pid() + ")";
    }
}
