package io.gristmill.protocol.memory;

import io.gristmill.protocol.cloud.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A virtual clock: time moves only when told to, and timers fire as it passes their times. Protocol
 * tests use it to let leases lapse and backups start in a few milliseconds of real time.
 *
 * <p>{@link #sleep} advances the clock (the sleeper is the only one waiting), so an injected delay
 * or straggler costs nothing real.
 */
public final class ManualClock implements Clock {
    private long now;
    private final List<Periodic> timers = new ArrayList<>();

    public ManualClock(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public synchronized long now() {
        return now;
    }

    @Override
    public void sleep(long millis) {
        advance(millis);
    }

    /** Moves time forward, running each timer as often as its period fits, in time order. */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Periodic next = null;
            synchronized (this) {
                for (Periodic t : timers) {
                    if (!t.cancelled && t.due <= target && (next == null || t.due < next.due)) next = t;
                }
                if (next == null) {
                    now = Math.max(now, target);
                    timers.removeIf(t -> t.cancelled);
                    return;
                }
                now = Math.max(now, next.due);
                next.due += next.period;
            }
            next.tick.run(); // outside the lock: a tick may read the clock
        }
    }

    @Override
    public synchronized Timer every(long periodMillis, Runnable tick) {
        Periodic t = new Periodic(now + periodMillis, periodMillis, tick);
        timers.add(t);
        return () -> t.cancelled = true;
    }

    private static final class Periodic {
        long due;
        final long period;
        final Runnable tick;
        volatile boolean cancelled;

        Periodic(long due, long period, Runnable tick) {
            this.due = due;
            this.period = period;
            this.tick = tick;
        }
    }
}
