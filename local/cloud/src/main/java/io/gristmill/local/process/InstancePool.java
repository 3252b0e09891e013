package io.gristmill.local.process;

import io.gristmill.local.runtime.FunctionConfig;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The instances of one function. At most {@code maxInstances} are alive at once (the function's
 * concurrency limit): an invocation takes a slot, then the most recently used warm instance, or
 * starts one. An instance is counted until its process is gone, so a killed instance never
 * overlaps its replacement.
 */
final class InstancePool implements FunctionInstance.Listener {
    /** Starts a new instance with the given number (1, 2, ...). */
    interface Factory {
        FunctionInstance start(int number, FunctionInstance.Listener listener) throws IOException;
    }

    record Lease(FunctionInstance instance, boolean cold) {}

    /** Lambda's shutdown phase gives the runtime about this long after SIGTERM. */
    static final long SHUTDOWN_GRACE_MILLIS = 500;

    private final FunctionConfig fn;
    private final Factory factory;
    private final Semaphore slots;
    private final Deque<FunctionInstance> idle = new ArrayDeque<>();
    private final Set<FunctionInstance> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicInteger exits = new AtomicInteger();
    private final AtomicInteger retired = new AtomicInteger();
    private final List<Double> initMillis = new ArrayList<>();

    InstancePool(FunctionConfig fn, Factory factory) {
        this.fn = fn;
        this.factory = factory;
        this.slots = new Semaphore(fn.maxInstances(), true);
    }

    Lease acquire() throws InterruptedException, IOException {
        slots.acquire();
        try {
            invocations.incrementAndGet();
            FunctionInstance warm = takeIdle();
            if (warm != null) return new Lease(warm, false);
            FunctionInstance cold = factory.start(started.incrementAndGet(), this);
            live.add(cold);
            if (cold.gone()) live.remove(cold); // it died before it was counted
            peak.accumulateAndGet(live.size(), Math::max);
            return new Lease(cold, true);
        } catch (IOException | RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /**
     * Starts instances, idle, until {@code n} are alive (within the concurrency limit): they initialize
     * while nothing waits for them, and the next invocations take them warm. A slot is held while each
     * starts, so that an invocation starting meanwhile cannot push the count over the limit.
     */
    void warm(int n) throws IOException {
        int want = Math.min(n, fn.maxInstances());
        while (live.size() < want && slots.tryAcquire()) {
            try {
                FunctionInstance instance = factory.start(started.incrementAndGet(), this);
                live.add(instance);
                if (instance.gone()) {
                    live.remove(instance);
                    return;
                }
                peak.accumulateAndGet(live.size(), Math::max);
                instance.markIdle();
                synchronized (idle) {
                    idle.addLast(instance);
                }
            } finally {
                slots.release();
            }
        }
    }

    private FunctionInstance takeIdle() {
        synchronized (idle) {
            while (!idle.isEmpty()) {
                FunctionInstance i = idle.pollFirst();
                if (i.alive()) return i;
            }
            return null;
        }
    }

    /** Returns an instance after an invocation: warm if the outcome allows, else killed. */
    void release(FunctionInstance instance, InvocationEnd outcome) {
        try {
            if (outcome instanceof InvocationEnd.TimedOut) timeouts.incrementAndGet();
            if (outcome instanceof InvocationEnd.Exited) exits.incrementAndGet();
            if (outcome != null && outcome.keepsInstance() && instance.alive()) {
                instance.markIdle();
                synchronized (idle) {
                    idle.addFirst(instance);
                }
            } else {
                instance.kill();
            }
        } finally {
            slots.release();
        }
    }

    /** Stops warm instances idle for longer than {@code maxIdleNanos}. */
    void retireIdle(long maxIdleNanos) {
        List<FunctionInstance> old = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (idle) {
            idle.removeIf(i -> {
                boolean expired = now - i.idleSince() > maxIdleNanos;
                if (expired) old.add(i);
                return expired;
            });
        }
        for (FunctionInstance i : old) {
            retired.incrementAndGet();
            i.retire("idle for more than " + maxIdleNanos / 1_000_000_000 + " s");
        }
    }

    @Override
    public void initialized(FunctionInstance instance, double millis) {
        synchronized (initMillis) {
            initMillis.add(millis);
        }
    }

    @Override
    public void died(FunctionInstance instance) {
        live.remove(instance);
        synchronized (idle) {
            idle.remove(instance);
        }
    }

    FunctionStats stats() {
        synchronized (initMillis) {
            return new FunctionStats(
                    fn.name(),
                    started.get(),
                    initMillis,
                    peak.get(),
                    live.size(),
                    invocations.get(),
                    timeouts.get(),
                    exits.get(),
                    retired.get());
        }
    }

    int coldStarts() {
        return started.get();
    }

    /** Idle instances that the caller now stops, with {@link FunctionInstance#beginShutdown}. */
    List<FunctionInstance> drainIdle() {
        synchronized (idle) {
            List<FunctionInstance> all = List.copyOf(idle);
            idle.clear();
            return all;
        }
    }

    /** Kills every instance still alive. */
    void killAll() {
        for (FunctionInstance i : List.copyOf(live)) i.kill();
    }
}
