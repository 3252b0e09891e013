package io.gristmill.sim;

import io.gristmill.protocol.cloud.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Virtual time for many concurrent invocations: a discrete-event scheduler whose processes are real
 * threads running real protocol code, one at a time.
 *
 * <p>Each in-flight invocation is a {@link Proc} on its own thread. Exactly one thread runs at any
 * moment: the scheduler's loop, or the process it resumed. A process runs until it {@link #sleep}s
 * (a request's latency, a task's computation, a cold start), which schedules its wake-up at
 * {@code now + millis} and hands control back; the loop then runs the earliest event, in (time,
 * sequence) order, so a run is deterministic. The protocol's effects (a table write, a conditional put)
 * happen when the call is made, and its latency is then slept: concurrent invocations interleave at
 * their requests, as on AWS, where each request is one atomic step.
 *
 * <p>Timers ({@link #every}, the leases' renewals) run on the scheduler's thread and do not sleep.
 * Threads that a process starts itself (the publisher's copy pool) run in real time while the process
 * waits for them; their requests' latencies are added up and shared out among them, and the process
 * takes that time once it next looks at the clock, as if they had run in parallel.
 */
final class VirtualTime implements Clock {
    /** A process was killed (its instance was stopped): it unwinds without further effects. */
    static final class Killed extends Error {
        Killed() {
            super("instance stopped", null, false, false);
        }
    }

    /**
     * How far a process may run ahead of the others before it yields: its short waits (a DynamoDB
     * write, an SQS call) add up on its own clock and it hands control back once they reach this.
     * Interleaving is exact to this granularity; yielding at every request made thread switches the
     * simulation's main cost.
     */
    static final long QUANTUM_MILLIS = 100;

    /** One simulated thread of control: an invocation. */
    static final class Proc {
        final String name;
        private final Semaphore wake = new Semaphore(0);
        private Thread thread;
        private long token;
        /** Time this process has spent but not yet yielded for (less than a quantum). */
        private long ahead;

        private volatile boolean killed;
        private volatile boolean done;
        private final Map<Thread, Long> helpers = new HashMap<>();
        private long longestHelperRequest;

        Proc(String name) {
            this.name = name;
        }

        boolean done() {
            return done;
        }

        boolean killed() {
            return killed;
        }
    }

    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
        }
    }

    private static final InheritableThreadLocal<Proc> CURRENT = new InheritableThreadLocal<>();

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private final Semaphore control = new Semaphore(0);
    private final ExecutorService threads;
    private volatile Throwable failure;
    private long now;
    private long seq;
    private long resumes;

    VirtualTime(long start) {
        this.now = start;
        this.threads = Executors.newCachedThreadPool(r -> {
            // Small stacks: thousands of invocations may be in flight.
            Thread t = new Thread(null, r, "sim-proc", 512 << 10);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The time: the scheduler's, plus what the calling process has run ahead of it, including the
     * requests of the threads it started (they ran while it waited for them).
     */
    @Override
    public long now() {
        Proc p = CURRENT.get();
        long ahead = 0;
        if (p != null && Thread.currentThread() == p.thread) {
            absorbHelpers(p);
            ahead = p.ahead;
        }
        synchronized (this) {
            return now + ahead;
        }
    }

    /**
     * Adds the time of the process's helper threads to its own. They are a pool working through a list
     * (the publisher's copies): in virtual time they share the work evenly, so they take its total over
     * their number, or the longest single request if that is longer. (In real time, which thread takes
     * which request is an accident of scheduling.)
     */
    private static void absorbHelpers(Proc p) {
        synchronized (p.helpers) {
            if (p.helpers.isEmpty()) return;
            long total = p.helpers.values().stream().mapToLong(Long::longValue).sum();
            p.ahead += Math.max(p.longestHelperRequest, total / p.helpers.size());
            p.helpers.clear();
            p.longestHelperRequest = 0;
        }
    }

    private synchronized long global() {
        return now;
    }

    /** How many times a process was resumed (a measure of the simulation's own work). */
    long resumes() {
        return resumes;
    }

    /** Runs {@code action} on the scheduler's thread at {@code time} (or now, if that has passed). */
    synchronized void at(long time, Runnable action) {
        events.add(new Event(Math.max(time, now), seq++, action));
    }

    void after(long delay, Runnable action) {
        at(global() + delay, action);
    }

    /** Starts a process now; it runs when the loop reaches its start. */
    Proc spawn(String name, Runnable body) {
        return spawn(name, body, null);
    }

    /** As {@link #spawn(String, Runnable)}; {@code onExit} runs on the scheduler's thread once it ends. */
    Proc spawn(String name, Runnable body, Runnable onExit) {
        Proc p = new Proc(name);
        threads.execute(() -> {
            p.thread = Thread.currentThread();
            CURRENT.set(p);
            p.wake.acquireUninterruptibly();
            try {
                if (!p.killed) body.run();
            } catch (Killed k) {
                // The instance was stopped: nothing more happens.
            } catch (Throwable t) {
                failure = t; // a bug in the simulation, not a failure of the job: the run stops
            } finally {
                p.done = true;
                CURRENT.remove();
                if (onExit != null) at(global() + p.ahead, onExit);
                control.release();
            }
        });
        at(global(), () -> resume(p));
        return p;
    }

    private void resume(Proc p) {
        if (p.done) return;
        resumes++;
        p.wake.release();
        control.acquireUninterruptibly();
    }

    /**
     * Lets virtual time pass for the calling process: it sleeps until {@code now + millis} while others
     * run. From the scheduler's thread (a timer) it does nothing; from a thread a process started, the
     * time is added to that thread's account.
     */
    @Override
    public void sleep(long millis) {
        Proc p = CURRENT.get();
        if (p == null) return;
        if (Thread.currentThread() != p.thread) {
            synchronized (p.helpers) {
                p.helpers.merge(Thread.currentThread(), Math.max(0, millis), Long::sum);
                p.longestHelperRequest = Math.max(p.longestHelperRequest, millis);
            }
            return;
        }
        if (p.killed) throw new Killed();
        absorbHelpers(p);
        long wait = p.ahead + Math.max(0, millis);
        if (wait < QUANTUM_MILLIS) {
            p.ahead = wait; // short waits add up on the process's own clock
            return;
        }
        p.ahead = 0;
        long token;
        synchronized (this) {
            token = ++p.token;
        }
        long wake = global() + wait;
        at(wake, () -> {
            if (p.token == token) resume(p);
        });
        control.release();
        p.wake.acquireUninterruptibly();
        if (p.killed) throw new Killed();
    }

    /** The process the calling thread belongs to, if any. */
    static Proc current() {
        return CURRENT.get();
    }

    /** Stops a process: if it is waiting, it wakes at once and unwinds with {@link Killed}. */
    void kill(Proc p) {
        if (p.done || p.killed) return;
        p.killed = true;
        synchronized (this) {
            p.token++;
        }
        at(global(), () -> resume(p));
    }

    @Override
    public Timer every(long periodMillis, Runnable tick) {
        boolean[] cancelled = {false};
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (cancelled[0]) return;
            tick.run();
            if (!cancelled[0]) after(periodMillis, next[0]);
        };
        after(periodMillis, next[0]);
        return () -> cancelled[0] = true;
    }

    /**
     * Runs events until {@code finished} holds, no event is left, or virtual time passes {@code until}.
     *
     * @return whether it stopped because {@code finished} held
     */
    boolean run(BooleanSupplier finished, long until) {
        while (true) {
            if (failure != null) throw new IllegalStateException("the simulation failed: " + failure, failure);
            if (finished.getAsBoolean()) return true;
            Event e;
            synchronized (this) {
                e = events.poll();
                if (e == null || e.time > until) return false;
                now = Math.max(now, e.time);
            }
            e.action.run();
        }
    }

    /** Whether any event is still scheduled. */
    synchronized boolean idle() {
        return events.isEmpty();
    }

    void shutdown() {
        threads.shutdownNow();
    }
}
