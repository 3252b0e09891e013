package io.gristmill.engine.shuffle;

/**
 * Encodes strings as UTF-8 straight into a caller's buffer, so emitting a record allocates nothing.
 * Unpaired surrogates become '?', as {@link String#getBytes} does.
 */
public final class Utf8 {
    private Utf8() {}

    /** An upper bound of the encoded length. */
    public static int maxLength(String s) {
        return s.length() * 3;
    }

    /** Encodes {@code s} at {@code pos} (the buffer must have {@link #maxLength} room); returns the end. */
    public static int encode(String s, byte[] buf, int pos) {
        int n = s.length();
        int i = 0;
        // ASCII fast path: most keys in practice.
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80) break;
            buf[pos++] = (byte) c;
            i++;
        }
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                buf[pos++] = '?';
            } else {
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return pos;
    }
}
