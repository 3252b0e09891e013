package io.gristmill.protocol.cloud;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The wall clock; its timers share one daemon thread (lease renewals are tiny and rare). */
final class SystemClock implements Clock {
    static final SystemClock INSTANCE = new SystemClock();

    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "gristmill-timer");
        t.setDaemon(true);
        return t;
    });

    private SystemClock() {}

    @Override
    public long now() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Timer every(long periodMillis, Runnable tick) {
        ScheduledFuture<?> f = timers.scheduleAtFixedRate(tick, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }
}
