package io.gristmill.protocol.cloud;

/**
 * Time, as the protocol sees it: the wall clock in functions, a virtual clock in protocol tests and
 * in the simulator (so hours of leases and backups pass in milliseconds, deterministically).
 */
public interface Clock {

    /** Milliseconds since the epoch. */
    long now();

    /** Waits this long (an injected delay or straggler); returns early when interrupted. */
    void sleep(long millis);

    /** Runs {@code tick} every {@code periodMillis} until the returned timer is cancelled. */
    Timer every(long periodMillis, Runnable tick);

    /** A periodic task. */
    interface Timer {
        void cancel();
    }

    /** The wall clock, with one daemon thread for every timer of the process. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
