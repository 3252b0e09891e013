package io.gristmill.bench.child.grist;

import io.gristmill.bench.child.ProcessUsage;

/**
 * The peak of the resident memory of this JVM's descendants taken together (grist, its emulators and
 * its function instances), sampled every 20 ms: each process's own peak would overstate what ran at
 * once, and they are gone when the command ends.
 */
final class PeakMemory {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakKb;

    private PeakMemory() {
        thread = new Thread(this::sample, "peak-memory");
        thread.setDaemon(true);
    }

    static PeakMemory watch() {
        PeakMemory m = new PeakMemory();
        m.thread.start();
        return m;
    }

    private void sample() {
        while (running) {
            peakKb = Math.max(peakKb, ProcessUsage.descendantsRssKb());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    long peakKb() {
        return peakKb;
    }
}
