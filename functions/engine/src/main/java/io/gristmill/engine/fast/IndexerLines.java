package io.gristmill.engine.fast;

import io.gristmill.engine.input.LineView;
import java.util.Arrays;

/**
 * indexer's map function ({@code io.gristmill.apps.IndexerMapper}) over bytes: (word, source) once
 * per distinct word of the split, remembered as bytes in a small open-addressing set.
 */
final class IndexerLines implements LineMapper {
    private byte[][] words = new byte[1 << 12][];
    private int[] hashes = new int[1 << 12];
    private int size;

    @Override
    public void map(LineView line, KeyBytesEmitter out) {
        Utf8Words.forEach(line, (b, start, end, hash) -> {
            if (add(b, start, end, hash)) out.emit(b, start, end - start, hash, line.source);
        });
    }

    /** Adds the word unless seen; true if it is new. */
    private boolean add(byte[] b, int start, int end, int hash) {
        int h = hash * 0x9E3779B9;
        h ^= h >>> 16;
        int mask = words.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] w = words[i];
            if (w == null) {
                words[i] = Arrays.copyOfRange(b, start, end);
                hashes[i] = h;
                if (2 * ++size > words.length) grow();
                return true;
            }
            if (hashes[i] == h && Arrays.equals(w, 0, w.length, b, start, end)) return false;
        }
    }

    private void grow() {
        byte[][] oldWords = words;
        int[] oldHashes = hashes;
        words = new byte[oldWords.length * 2][];
        hashes = new int[oldWords.length * 2];
        int mask = words.length - 1;
        for (int j = 0; j < oldWords.length; j++) {
            if (oldWords[j] == null) continue;
            int i = oldHashes[j] & mask;
            while (words[i] != null) i = (i + 1) & mask;
            words[i] = oldWords[j];
            hashes[i] = oldHashes[j];
        }
    }
}
