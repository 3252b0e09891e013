package io.gristmill.api;

/**
 * A named count kept per task. Counts of the attempt that committed a task are summed into the job
 * summary; counts of attempts that lost the commit race are dropped, so re-executed or backup
 * attempts never double-count.
 */
public interface Counter {
    void increment(long amount);

    default void increment() {
        increment(1);
    }
}
