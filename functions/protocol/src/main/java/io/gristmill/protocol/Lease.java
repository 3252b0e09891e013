package io.gristmill.protocol;

import io.gristmill.engine.job.Recovery;
import io.gristmill.protocol.cloud.Clock;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * An attempt's hold on its task: the task's message stays hidden for one lease, renewed every third
 * of a lease while the attempt works. If the attempt dies (crash, kill, timeout), renewals stop and
 * the message reappears within a lease, so the task runs again, without waiting for the queue's
 * visibility timeout (six times the function's).
 *
 * <p>A straggler lets go on purpose: once it has run longer than the phase's backup deadline it
 * stops renewing, the message reappears, and a backup attempt starts while the straggler keeps
 * working. The first to commit wins.
 *
 * <p>An attempt that runs out of time (the job's {@code taskTimeout}, or close to the function's own
 * deadline) expires: renewals stop, and the attempt's {@link Expiry} records why and lets the task
 * run again. Times are checked at each renewal, so they hold to within a third of a lease.
 */
final class Lease implements AutoCloseable {
    /** What happens when the attempt runs out of time. */
    interface Expiry {
        /** @param byJob whether the job's own task timeout ran out (else the function's deadline is near) */
        void expired(String reason, boolean byJob);
    }

    private final Cloud cloud;
    private final Delivery delivery;
    private final Recovery recovery;
    private final String jobId;
    private final Object task;
    private final Supplier<OptionalLong> phaseMedianMillis;
    private final long start;
    private final Thread owner = Thread.currentThread();
    private final long period;
    private Clock.Timer renewals;
    private volatile boolean released;
    private volatile boolean committed;
    private volatile Expiry expiry;
    private volatile boolean expired;

    /**
     * @param phaseMedianMillis the median duration of the phase's finished tasks, empty while none
     *     has finished; asked at each renewal
     */
    Lease(
            Cloud cloud,
            Delivery delivery,
            Recovery recovery,
            String jobId,
            Object task,
            Supplier<OptionalLong> phaseMedianMillis) {
        this.cloud = cloud;
        this.delivery = delivery;
        this.recovery = recovery;
        this.jobId = jobId;
        this.task = task;
        this.phaseMedianMillis = phaseMedianMillis;
        this.start = cloud.clock().now();
        this.period = Math.max(250, recovery.leaseSeconds() * 1000L / 3);
    }

    /** A lease without backups: for the coordinator, whose work has no peers to compare with. */
    static Lease plain(Cloud cloud, Delivery delivery, int leaseSeconds, String jobId) {
        return new Lease(cloud, delivery, new Recovery(leaseSeconds, false, 3, 0, 0), jobId, null, OptionalLong::empty);
    }

    Lease start() throws Exception {
        if (!delivery.fromQueue()) return this; // a direct call, not from a queue
        renew();
        renewals = cloud.clock().every(period, this::tick);
        return this;
    }

    /**
     * The task is committed: from now on the attempt only finishes its bookkeeping (which may publish
     * a whole job), and a backup could only repeat it, so the lease no longer lets go for stragglers.
     */
    void committed() {
        committed = true;
    }

    /** From now on, running out of time calls {@code expiry} (once). */
    void onExpiry(Expiry expiry) {
        this.expiry = expiry;
    }

    /** Whether the attempt ran past its job's task timeout: it must not commit. */
    boolean expired() {
        return expired;
    }

    /** Whether this attempt let its message go as a straggler. */
    boolean released() {
        return released;
    }

    private void tick() {
        try {
            if (!owner.isAlive() || owner.isInterrupted()) {
                // The attempt was stopped from outside (a runtime's timeout): it is dead, so is its lease.
                renewals.cancel();
                return;
            }
            long now = cloud.clock().now();
            long elapsed = now - start;
            if (expiry != null && expire(now, elapsed)) return;
            if (released) return; // a straggler renews no more, but can still run out of time
            if (recovery.backups() && !committed) {
                OptionalLong median = phaseMedianMillis.get();
                long deadline = recovery.backupAfterMillis(median.isPresent() ? median.getAsLong() : null);
                if (elapsed >= deadline) {
                    released = true;
                    Log.info(
                            jobId,
                            task,
                            "straggling: running " + elapsed + " ms, past " + deadline + " ms (median "
                                    + (median.isPresent() ? median.getAsLong() + " ms" : "unknown")
                                    + "); a backup attempt will start");
                    return;
                }
            }
            renew();
        } catch (Exception e) {
            // A receipt that is no longer valid (the message was received again) ends the renewals.
            Log.warn(jobId, task, "lease renewal failed: " + e.getMessage());
            if (renewals != null) renewals.cancel();
        }
    }

    /** Ends the attempt if it has run out of time; true if it has. */
    private boolean expire(long now, long elapsed) {
        String why = null;
        boolean byJob = false;
        int limit = recovery.taskTimeoutSeconds();
        if (limit > 0 && elapsed >= limit * 1000L) {
            why = "timed out after " + limit + " s (the job's taskTimeout)";
            byJob = true;
        } else if (delivery.deadlineMillis() > 0 && now + period + 1000 >= delivery.deadlineMillis()) {
            // The function's own timeout will kill the instance before the next check: say so first.
            long total = Math.round((delivery.deadlineMillis() - start) / 1000.0);
            why = "timed out: the function's time limit (about " + total + " s, its Timeout) ran out";
        }
        if (why == null) return false;
        // Near the function's deadline the attempt may still finish, and then it may commit.
        expired = byJob;
        renewals.cancel();
        expiry.expired(why, byJob);
        return true;
    }

    private void renew() throws Exception {
        cloud.queues().hide(delivery, recovery.leaseSeconds());
    }

    /** Stops renewing; the message is then deleted (success) or delayed (failure) by the handler. */
    @Override
    public void close() {
        if (renewals != null) renewals.cancel();
    }
}
