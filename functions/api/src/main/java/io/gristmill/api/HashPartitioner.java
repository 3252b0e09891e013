package io.gristmill.api;

/**
 * The default partitioner: a mixed {@link String#hashCode()} modulo R. {@code String.hashCode} is
 * fixed by the Java language specification, so every JVM agrees; the mixing step spreads keys that
 * differ only in their last characters.
 */
public final class HashPartitioner implements Partitioner {

    @Override
    public int partition(String key, int reducers) {
        return Math.floorMod(mix(key.hashCode()), reducers);
    }

    /** The 32-bit finalizer of MurmurHash3: every input bit affects every output bit. */
    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
