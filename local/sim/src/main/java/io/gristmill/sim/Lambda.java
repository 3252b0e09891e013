package io.gristmill.sim;

import io.gristmill.protocol.Cloud;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.Log;
import io.gristmill.protocol.Retries;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lambda, simulated: functions with their memory and timeout, instances that start cold and stay warm,
 * and SQS event sources that scale as Lambda's standard mode does (five concurrent batches at first,
 * up to 300 more a minute while messages wait, at most the mapping's MaximumConcurrency). An
 * invocation is a process on the virtual clock running the handler's logic: the message's function,
 * then the message's deletion, or on an exception the retry's delay (as {@code SqsHandler} does). Its
 * instance is billed from its start, cold start included, to its end.
 */
final class Lambda {
    /** What a function does with one message (the handler's dispatch to the protocol). */
    interface Handler {
        void handle(String body, Delivery delivery) throws Exception;
    }

    /** One function of the stack. */
    final class Function {
        final String name;
        final int memoryMb;
        final long timeoutMillis;
        final long coldStartMillis;
        private final Deque<Instance> idle = new ArrayDeque<>();
        private int instances;
        private double gbSeconds;
        private long invocations;
        private long coldStarts;

        Function(String name, int memoryMb, int timeoutSeconds, long coldStartMillis) {
            this.name = name;
            this.memoryMb = memoryMb;
            this.timeoutMillis = timeoutSeconds * 1000L;
            this.coldStartMillis = coldStartMillis;
        }

        double gbSeconds() {
            return gbSeconds;
        }

        long invocations() {
            return invocations;
        }

        long coldStarts() {
            return coldStarts;
        }

        int instances() {
            return instances;
        }
    }

    /** A function instance (an execution environment). */
    static final class Instance {
        final String name;
        boolean warm;
        boolean dead;
        VirtualTime.Proc running;

        Instance(String name) {
            this.name = name;
        }
    }

    /** An SQS event source mapping: a queue, its function, and its scaling. */
    final class EventSource {
        final SimQueue queue;
        final Function function;
        final Handler handler;
        final int maximumConcurrency;
        private int limit;
        private int inFlight;
        private boolean pollScheduled;
        private boolean rampScheduled;
        private long nextPollAt = Long.MAX_VALUE;

        EventSource(SimQueue queue, Function function, Handler handler, int maximumConcurrency) {
            this.queue = queue;
            this.function = function;
            this.handler = handler;
            this.maximumConcurrency = maximumConcurrency;
            this.limit = Math.min(model.esmStart(), maximumConcurrency);
            queue.onSend(() -> schedulePoll(model.pollMillis()));
        }

        private void schedulePoll(long delay) {
            if (pollScheduled) return;
            pollScheduled = true;
            time.after(delay, this::poll);
        }

        private void poll() {
            pollScheduled = false;
            while (inFlight < limit && queue.hasVisible()) {
                var message = queue.receive(function.name);
                if (message.isEmpty()) break;
                queues.received();
                invoke(this, message.get());
            }
            if (queue.hasVisible() && inFlight >= limit && limit < maximumConcurrency) scheduleRamp();
            // A hidden message (a lease, a retry's delay) comes back later: poll then.
            queue.nextVisibleAt().ifPresent(at -> {
                if (at > time.now() && at < nextPollAt) {
                    nextPollAt = at;
                    time.at(at + model.pollMillis(), () -> {
                        if (nextPollAt == at) nextPollAt = Long.MAX_VALUE;
                        schedulePoll(0);
                    });
                }
            });
        }

        /** Standard mode adds up to 300 concurrent batches a minute while messages wait: 5 a second. */
        private void scheduleRamp() {
            if (rampScheduled) return;
            rampScheduled = true;
            time.after(1000, () -> {
                rampScheduled = false;
                if (queue.hasVisible() && inFlight >= limit) {
                    limit = Math.min(maximumConcurrency, limit + Math.max(1, model.esmRampPerMinute() / 60));
                    schedulePoll(0);
                }
            });
        }

        int limit() {
            return limit;
        }
    }

    private final VirtualTime time;
    private final AwsModel model;
    private final SimQueues queues;
    private final Cloud cloud;
    private final int retryDelaySeconds;
    private final List<EventSource> sources = new ArrayList<>();
    private final LinkedHashSet<Instance> busy = new LinkedHashSet<>();
    private int peak;
    private int killed;

    Lambda(VirtualTime time, AwsModel model, SimQueues queues, Cloud cloud, int retryDelaySeconds) {
        this.time = time;
        this.model = model;
        this.queues = queues;
        this.cloud = cloud;
        this.retryDelaySeconds = retryDelaySeconds;
    }

    Function function(String name, int memoryMb, int timeoutSeconds, long coldStartMillis) {
        return new Function(name, memoryMb, timeoutSeconds, coldStartMillis);
    }

    EventSource eventSource(SimQueue queue, Function function, int maximumConcurrency, Handler handler) {
        EventSource s = new EventSource(queue, function, handler, maximumConcurrency);
        sources.add(s);
        return s;
    }

    /** The most instances busy at once. */
    int peakConcurrency() {
        return peak;
    }

    int killed() {
        return killed;
    }

    int busy() {
        return busy.size();
    }

    private void invoke(EventSource source, SimQueue.Received message) {
        Function fn = source.function;
        Instance instance = fn.idle.pollLast();
        boolean cold = instance == null;
        if (cold) {
            instance = new Instance(fn.name + "/" + (++fn.instances));
            fn.coldStarts++;
        }
        fn.invocations++;
        source.inFlight++;
        Instance inst = instance;
        busy.add(inst);
        peak = Math.max(peak, busy.size());
        long start = time.now();
        Delivery delivery = new Delivery(
                message.delivery().attemptId(),
                message.delivery().receiveCount(),
                inst.name,
                message.delivery().queueArn(),
                message.delivery().receiptHandle(),
                start + (cold ? fn.coldStartMillis : 0) + fn.timeoutMillis);
        inst.running = time.spawn(
                inst.name,
                () -> {
                    if (cold) time.sleep(fn.coldStartMillis);
                    try {
                        source.handler.handle(message.body(), delivery);
                        queues.delete(source.queue, delivery);
                    } catch (VirtualTime.Killed k) {
                        throw k;
                    } catch (IllegalStateException e) {
                        if (String.valueOf(e.getMessage()).startsWith("ReceiptHandleIsInvalid")) {
                            return; // the message was received again meanwhile (a backup); nothing to delete
                        }
                        failed(delivery, e);
                    } catch (Exception e) {
                        failed(delivery, e);
                    }
                },
                () -> ended(source, inst, start));
        VirtualTime.Proc proc = inst.running;
        time.after(fn.timeoutMillis, () -> {
            if (inst.running == proc && !proc.done()) {
                Log.warn(null, null, inst.name + ": Task timed out after " + fn.timeoutMillis / 1000 + " seconds");
                inst.dead = true;
                time.kill(proc);
            }
        });
    }

    private void failed(Delivery delivery, Exception e) {
        Log.warn(null, null, delivery.worker() + " failed on " + delivery.receiptHandle() + ": " + e);
        Retries.delay(cloud, retryDelaySeconds, delivery);
    }

    private void ended(EventSource source, Instance inst, long start) {
        Function fn = source.function;
        fn.gbSeconds += fn.memoryMb / 1024.0 * (time.now() - start) / 1000.0;
        busy.remove(inst);
        inst.running = null;
        source.inFlight--;
        if (!inst.dead) fn.idle.addLast(inst);
        source.schedulePoll(0);
    }

    /** Stops {@code n} running instances of the task functions, chosen at random: their invocations die. */
    void kill(int n, SplittableRandom random) {
        List<Instance> running = new ArrayList<>(busy);
        running.removeIf(i -> i.running == null || i.name.startsWith("coordinator"));
        for (int k = 0; k < n && !running.isEmpty(); k++) {
            Instance victim = running.remove(random.nextInt(running.size()));
            victim.dead = true;
            killed++;
            time.kill(victim.running);
        }
    }
}
