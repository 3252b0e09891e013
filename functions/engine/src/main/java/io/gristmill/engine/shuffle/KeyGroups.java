package io.gristmill.engine.shuffle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks a sorted stream one key at a time: {@link #nextKey()} moves to the next distinct key and
 * {@link #values()} streams that key's values, so a key with more values than fit in memory still
 * reduces. Values left unread are skipped by the next {@link #nextKey()}.
 */
public final class KeyGroups {
    private final RecordStream in;
    private byte[] key = new byte[64];
    private int keyLen;
    private boolean held; // in's current record is read but not yet consumed
    private boolean groupOpen; // the current key may have more values
    private long records;

    public KeyGroups(RecordStream in) {
        this.in = in;
    }

    public boolean nextKey() throws IOException {
        while (hasNextValue()) {
            held = false;
        }
        if (!held) {
            if (!in.next()) return false;
            records++;
            held = true;
        }
        keyLen = in.keyLength();
        if (key.length < keyLen) key = new byte[Math.max(keyLen, key.length * 2)];
        System.arraycopy(in.key(), in.keyOffset(), key, 0, keyLen);
        groupOpen = true;
        return true;
    }

    public byte[] key() {
        return key;
    }

    public int keyLength() {
        return keyLen;
    }

    public String keyString() {
        return new String(key, 0, keyLen, StandardCharsets.UTF_8);
    }

    /** Records read from the underlying stream so far. */
    public long records() {
        return records;
    }

    /** Whether the current key has another value; moves the stream forward when needed. */
    public boolean hasNextValue() throws IOException {
        if (!groupOpen) return false;
        if (!held) {
            if (!in.next()) {
                groupOpen = false;
                return false;
            }
            records++;
            held = true;
        }
        if (Arrays.equals(in.key(), in.keyOffset(), in.keyOffset() + in.keyLength(), key, 0, keyLen)) {
            return true;
        }
        groupOpen = false; // the held record starts the next key
        return false;
    }

    /** The stream positioned on the next value of the current key; valid until the next call here. */
    public RecordStream nextValue() throws IOException {
        if (!hasNextValue()) throw new NoSuchElementException();
        held = false;
        return in;
    }

    /** The current key's values as strings; iterable once. */
    public Iterable<String> values() {
        return new Iterable<>() {
            private boolean used;

            @Override
            public Iterator<String> iterator() {
                if (used) {
                    throw new IllegalStateException("the values of a key can be iterated only once;"
                            + " copy them into a list first if you need two passes");
                }
                used = true;
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        try {
                            return hasNextValue();
                        } catch (IOException e) {
                            throw new ShuffleIOException(e);
                        }
                    }

                    @Override
                    public String next() {
                        try {
                            RecordStream r = nextValue();
                            return new String(r.value(), r.valueOffset(), r.valueLength(), StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new ShuffleIOException(e);
                        }
                    }
                };
            }
        };
    }
}
