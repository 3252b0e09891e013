package io.gristmill.engine.fast;

import io.gristmill.engine.input.LineView;

/**
 * The words of a line, as {@code io.gristmill.apps.Words} defines them (maximal runs of letters,
 * {@link Character#isLetter(int)}), found in the UTF-8 bytes: no String per line or per word.
 * Each word is reported as its byte range and the {@code hashCode()} its String would have.
 *
 * <p>Bytes that are not valid UTF-8 are not letters, as the U+FFFD that decoding would put in
 * their place is not: so the words are the same as those of the decoded line.
 */
public final class Utf8Words {
    private Utf8Words() {}

    /** Receives each word: bytes {@code [start, end)} of the line's array, and its String hash. */
    public interface Consumer {
        void word(byte[] bytes, int start, int end, int stringHash);
    }

    public static void forEach(LineView line, Consumer action) {
        byte[] b = line.bytes;
        int i = line.offset;
        int end = line.offset + line.length;
        int start = -1;
        int hash = 0;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                // ASCII: letters are A-Z and a-z.
                int lower = c | 0x20;
                if (lower >= 'a' && lower <= 'z') {
                    if (start < 0) {
                        start = i;
                        hash = 0;
                    }
                    hash = 31 * hash + c;
                } else if (start >= 0) {
                    action.word(b, start, i, hash);
                    start = -1;
                }
                i++;
                continue;
            }
            int cp;
            int width;
            c &= 0xFF;
            if (c >= 0xC2 && c <= 0xDF && i + 1 < end && continuation(b[i + 1])) {
                cp = ((c & 0x1F) << 6) | (b[i + 1] & 0x3F);
                width = 2;
            } else if (c >= 0xE0
                    && c <= 0xEF
                    && i + 2 < end
                    && continuation(b[i + 1])
                    && continuation(b[i + 2])
                    && (c != 0xE0 || (b[i + 1] & 0xFF) >= 0xA0) // not overlong
                    && (c != 0xED || (b[i + 1] & 0xFF) <= 0x9F)) { // not a surrogate
                cp = ((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F);
                width = 3;
            } else if (c >= 0xF0
                    && c <= 0xF4
                    && i + 3 < end
                    && continuation(b[i + 1])
                    && continuation(b[i + 2])
                    && continuation(b[i + 3])
                    && (c != 0xF0 || (b[i + 1] & 0xFF) >= 0x90) // not overlong
                    && (c != 0xF4 || (b[i + 1] & 0xFF) <= 0x8F)) { // not past U+10FFFF
                cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3F) << 12) | ((b[i + 2] & 0x3F) << 6) | (b[i + 3] & 0x3F);
                width = 4;
            } else {
                cp = -1; // malformed: decoding would put U+FFFD here, which is not a letter
                width = 1;
            }
            if (cp >= 0 && Character.isLetter(cp)) {
                if (start < 0) {
                    start = i;
                    hash = 0;
                }
                if (cp < 0x10000) {
                    hash = 31 * hash + cp;
                } else {
                    hash = 31 * (31 * hash + Character.highSurrogate(cp)) + Character.lowSurrogate(cp);
                }
            } else if (start >= 0) {
                action.word(b, start, i, hash);
                start = -1;
            }
            i += width;
        }
        if (start >= 0) action.word(b, start, end, hash);
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
