package io.gristmill.api;

/**
 * What a map, combine or reduce function writes to: it emits key/value pairs and counts things.
 *
 * <p>Functions need not keep their {@link TaskContext} to count: {@code output.counter("bad").increment()}
 * counts in the attempt that runs them, and the counts of the attempt that commits its task are
 * summed into {@code _JOB.json}.
 */
@FunctionalInterface
public interface Emitter {
    /**
     * Emits one pair. Neither argument may be null. Keys and values are written to the output as
     * {@code key<TAB>value} lines, so they should not contain line breaks.
     */
    void emit(String key, String value);

    /**
     * A counter of this task attempt, created on first use (the same as {@link TaskContext#counter}).
     * Gristmill's emitters count; an emitter written as a lambda (in a test, say) ignores counts.
     */
    default Counter counter(String name) {
        return amount -> {};
    }
}
