package io.gristmill.protocol;

import io.gristmill.aws.TaskQueues;
import io.gristmill.engine.job.Recovery;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An attempt's hold on its task: the task's SQS message stays invisible for one lease, renewed every
 * third of a lease while the attempt works. If the attempt dies (crash, kill, timeout), renewals
 * stop and the message reappears within a lease, so the task runs again, without waiting for the
 * queue's visibility timeout (six times the function's).
 *
 * <p>A straggler lets go on purpose: once it has run longer than the phase's backup deadline it
 * stops renewing, the message reappears, and a backup attempt starts while the straggler keeps
 * working. The first to commit wins.
 */
final class Lease implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "gristmill-lease");
        t.setDaemon(true);
        return t;
    });

    private final TaskQueues queues;
    private final Delivery delivery;
    private final Recovery recovery;
    private final String jobId;
    private final Object task;
    private final Supplier<Long> phaseMedianMillis;
    private final long start = System.currentTimeMillis();
    private final Thread owner = Thread.currentThread();
    private ScheduledFuture<?> renewals;
    private volatile boolean released;

    /**
     * @param phaseMedianMillis the median duration of the phase's finished tasks, or null while
     *     none has finished; asked at each renewal
     */
    Lease(TaskQueues queues, Delivery delivery, Recovery recovery, String jobId, Object task,
            Supplier<Long> phaseMedianMillis) {
        this.queues = queues;
        this.delivery = delivery;
        this.recovery = recovery;
        this.jobId = jobId;
        this.task = task;
        this.phaseMedianMillis = phaseMedianMillis;
    }

    Lease start() {
        if (delivery.receiptHandle() == null) return this; // not from a queue (a direct call)
        renew();
        long period = Math.max(250, recovery.leaseSeconds() * 1000L / 3);
        renewals = TIMER.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether this attempt let its message go as a straggler. */
    boolean released() {
        return released;
    }

    private void tick() {
        try {
            if (released) return;
            if (!owner.isAlive() || owner.isInterrupted()) {
                // The attempt was stopped from outside (a runtime's timeout): it is dead, so is its lease.
                renewals.cancel(false);
                return;
            }
            long elapsed = System.currentTimeMillis() - start;
            if (recovery.backups()) {
                Long median = phaseMedianMillis.get();
                long deadline = recovery.backupAfterMillis(median);
                if (elapsed >= deadline) {
                    released = true;
                    renewals.cancel(false);
                    Log.info(jobId, task, "straggling: running " + elapsed + " ms, past " + deadline + " ms (median "
                            + (median == null ? "unknown" : median + " ms") + "); a backup attempt will start");
                    return;
                }
            }
            renew();
        } catch (RuntimeException e) {
            // A receipt that is no longer valid (the message was received again) ends the renewals.
            Log.warn(jobId, task, "lease renewal failed: " + e.getMessage());
            if (renewals != null) renewals.cancel(false);
        }
    }

    private void renew() {
        queues.changeVisibility(delivery.queueArn(), delivery.receiptHandle(), recovery.leaseSeconds());
    }

    /** Stops renewing; the message is then deleted (success) or delayed (failure) by the handler. */
    @Override
    public void close() {
        if (renewals != null) renewals.cancel(false);
    }
}
