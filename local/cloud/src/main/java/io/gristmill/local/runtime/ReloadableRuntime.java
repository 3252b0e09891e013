package io.gristmill.local.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A function runtime whose code can change while it runs, as a Lambda function's does when a new
 * version (a new layer) is published: invocations that start after {@link #replace} run on the new
 * runtime; those already running finish on the old one, which is closed once the last of them ends.
 */
public final class ReloadableRuntime implements FunctionRuntime {
    private final Consumer<String> errors;
    private final List<Generation> draining = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Generation current;

    private static final class Generation {
        final FunctionRuntime runtime;
        final AtomicInteger running = new AtomicInteger();
        volatile boolean retired;
        boolean closed;

        Generation(FunctionRuntime runtime) {
            this.runtime = runtime;
        }

        synchronized void closeIfIdle(Consumer<String> errors) {
            if (!retired || running.get() > 0 || closed) return;
            closed = true;
            try {
                runtime.close();
            } catch (RuntimeException e) {
                errors.accept("stopping the previous code's function instances: " + e);
            }
        }
    }

    public ReloadableRuntime(FunctionRuntime first, Consumer<String> errors) {
        this.current = new Generation(first);
        this.errors = errors;
    }

    /** The runtime new invocations go to. */
    public FunctionRuntime current() {
        return current.runtime;
    }

    /** New invocations go to {@code next}; the previous runtime closes once its invocations end. */
    public void replace(FunctionRuntime next) {
        Generation previous;
        synchronized (this) {
            previous = current;
            current = new Generation(next);
        }
        previous.retired = true;
        draining.add(previous);
        previous.closeIfIdle(errors);
        draining.removeIf(g -> g.closed);
    }

    @Override
    public BatchResult invokeSqs(FunctionConfig function, List<QueueMessage> messages, String queueArn, String region)
            throws InterruptedException {
        Generation g;
        while (true) {
            g = current;
            g.running.incrementAndGet();
            if (!g.retired) break;
            // Replaced between the read and the count: go to the new one.
            g.running.decrementAndGet();
            g.closeIfIdle(errors);
        }
        try {
            return g.runtime.invokeSqs(function, messages, queueArn, region);
        } finally {
            g.running.decrementAndGet();
            g.closeIfIdle(errors);
        }
    }

    @Override
    public void warm(FunctionConfig function, int instances, String region) {
        current.runtime.warm(function, instances, region);
    }

    @Override
    public Map<String, Integer> coldStarts() {
        return current.runtime.coldStarts();
    }

    /** Closes every runtime, those still finishing invocations too (their instances are stopped). */
    @Override
    public void close() {
        List<Generation> all = new java.util.ArrayList<>(draining);
        all.add(current);
        for (Generation g : all) {
            g.retired = true;
            synchronized (g) {
                if (!g.closed) {
                    g.closed = true;
                    g.runtime.close();
                }
            }
        }
    }
}
