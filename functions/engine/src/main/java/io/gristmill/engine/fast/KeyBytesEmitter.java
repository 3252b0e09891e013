package io.gristmill.engine.fast;

/**
 * Where a fast path emits: the key as UTF-8 bytes with its {@code String.hashCode()} (so the map
 * side finds it in its buffer and partitions it without making a String), the value as a String.
 */
public interface KeyBytesEmitter {
    void emit(byte[] key, int offset, int length, int stringHash, String value);
}
