package io.gristmill.engine.shuffle;

import java.io.Closeable;
import java.io.IOException;

/**
 * A forward-only stream of binary records, sorted by key wherever the shuffle needs it. The arrays
 * returned by {@link #key()} and {@link #value()} are reused: they are valid until the next call to
 * {@link #next()}.
 */
public interface RecordStream extends Closeable {
    boolean next() throws IOException;

    byte[] key();

    int keyOffset();

    int keyLength();

    byte[] value();

    int valueOffset();

    int valueLength();

    @Override
    default void close() throws IOException {}
}
