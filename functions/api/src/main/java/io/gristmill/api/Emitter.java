package io.gristmill.api;

/** Receives the key/value pairs a map, combine or reduce function produces. */
@FunctionalInterface
public interface Emitter {
    /**
     * Emits one pair. Neither argument may be null. Keys and values are written to the output as
     * {@code key<TAB>value} lines, so they should not contain line breaks.
     */
    void emit(String key, String value);
}
