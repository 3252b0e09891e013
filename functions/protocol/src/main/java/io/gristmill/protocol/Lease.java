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
 */
final class Lease implements AutoCloseable {
    private final Cloud cloud;
    private final Delivery delivery;
    private final Recovery recovery;
    private final String jobId;
    private final Object task;
    private final Supplier<OptionalLong> phaseMedianMillis;
    private final long start;
    private final Thread owner = Thread.currentThread();
    private Clock.Timer renewals;
    private volatile boolean released;
    private volatile boolean committed;

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
    }

    /** A lease without backups: for the coordinator, whose work has no peers to compare with. */
    static Lease plain(Cloud cloud, Delivery delivery, int leaseSeconds, String jobId) {
        return new Lease(cloud, delivery, new Recovery(leaseSeconds, false, 3, 0, 0), jobId, null, OptionalLong::empty);
    }

    Lease start() throws Exception {
        if (!delivery.fromQueue()) return this; // a direct call, not from a queue
        renew();
        long period = Math.max(250, recovery.leaseSeconds() * 1000L / 3);
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

    /** Whether this attempt let its message go as a straggler. */
    boolean released() {
        return released;
    }

    private void tick() {
        try {
            if (released) return;
            if (!owner.isAlive() || owner.isInterrupted()) {
                // The attempt was stopped from outside (a runtime's timeout): it is dead, so is its lease.
                renewals.cancel();
                return;
            }
            long elapsed = cloud.clock().now() - start;
            if (recovery.backups() && !committed) {
                OptionalLong median = phaseMedianMillis.get();
                long deadline = recovery.backupAfterMillis(median.isPresent() ? median.getAsLong() : null);
                if (elapsed >= deadline) {
                    released = true;
                    renewals.cancel();
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

    private void renew() throws Exception {
        cloud.queues().hide(delivery, recovery.leaseSeconds());
    }

    /** Stops renewing; the message is then deleted (success) or delayed (failure) by the handler. */
    @Override
    public void close() {
        if (renewals != null) renewals.cancel();
    }
}
