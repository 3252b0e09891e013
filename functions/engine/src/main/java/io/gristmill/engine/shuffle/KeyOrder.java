package io.gristmill.engine.shuffle;

import java.util.Arrays;

/**
 * Compares UTF-8 encoded keys in {@link String#compareTo} order without decoding them.
 *
 * <p>UTF-8 byte order is code point order, and Java's String order is UTF-16 code unit order. The
 * two differ only where a character in U+E000..U+FFFF meets a supplementary character (U+10000 and
 * up): UTF-16 puts the supplementary one first (its surrogates are below U+E000), UTF-8 puts it
 * last. Ranking the lead bytes 0xEE and 0xEF (which start U+E000..U+FFFF) above 0xF0..0xF4 (which
 * start supplementary characters) makes byte order agree with String order. Two keys that share a
 * prefix are at the same character boundary where they first differ, so ranking only the first
 * differing byte is enough.
 */
public final class KeyOrder {
    private KeyOrder() {}

    public static int compare(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        int i = Arrays.mismatch(a, aOff, aOff + aLen, b, bOff, bOff + bLen);
        if (i < 0) return 0;
        if (i == aLen) return -1;
        if (i == bLen) return 1;
        return rank(a[aOff + i]) - rank(b[bOff + i]);
    }

    /** The byte's rank in String order: its unsigned value, with 0xEE and 0xEF moved above 0xF4. */
    public static int rank(byte b) {
        int u = b & 0xFF;
        return (u == 0xEE || u == 0xEF) ? u + 0x10 : u;
    }

    /**
     * The key's first four ranked bytes as an unsigned int (zero-padded), for sorting on primitives;
     * keys with different prefixes order as their prefixes do.
     */
    public static int prefix(byte[] a, int off, int len) {
        int p = 0;
        for (int i = 0; i < 4; i++) {
            p = (p << 8) | (i < len ? rank(a[off + i]) & 0xFF : 0);
        }
        return p;
    }
}
