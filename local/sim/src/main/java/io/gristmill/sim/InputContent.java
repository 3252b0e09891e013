package io.gristmill.sim;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The bytes of a simulated input object, made on demand from its offset: nothing is stored, yet any
 * range reads the same every time. Only planning reads input in a simulation (the coordinator samples
 * it for a range partitioner's split points and the partitions' sizes); the tasks' reads are modelled.
 * Lines have a fixed length, so line {@code i} is generated from {@code i} alone.
 */
abstract class InputContent {
    final int lineLength;

    InputContent(int lineLength) {
        this.lineLength = lineLength;
    }

    /** Line {@code i}, without its newline, exactly {@code lineLength - 1} bytes. */
    abstract byte[] line(long i);

    byte[] read(long start, long end) {
        int n = (int) Math.max(0, end - start);
        byte[] out = new byte[n];
        long pos = start;
        int o = 0;
        while (o < n) {
            long i = pos / lineLength;
            int within = (int) (pos % lineLength);
            byte[] l = Arrays.copyOf(line(i), lineLength);
            l[lineLength - 1] = '\n';
            int take = Math.min(lineLength - within, n - o);
            System.arraycopy(l, within, out, o, take);
            o += take;
            pos += take;
        }
        return out;
    }

    InputStream stream(long start, long end) {
        return new InputStream() {
            private long pos = start;
            private byte[] chunk = new byte[0];
            private int at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == chunk.length) {
                    if (pos >= end) return -1;
                    long to = Math.min(end, pos + (64 << 10));
                    chunk = InputContent.this.read(pos, to);
                    pos = to;
                    at = 0;
                }
                int n = Math.min(len, chunk.length - at);
                System.arraycopy(chunk, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** The content of the app's input: sort records for sort, English-like text otherwise. */
    static InputContent forApp(String app, long seed) {
        return app.equals("sort") ? new SortRecords(seed) : new Text(seed);
    }

    /**
     * The sort benchmark's records as gensort writes them in ASCII mode, 100 bytes a line: a 10-byte
     * random key of printable characters, the record number in hex, and filler.
     */
    static final class SortRecords extends InputContent {
        private final long seed;

        SortRecords(long seed) {
            super(100);
            this.seed = seed;
        }

        @Override
        byte[] line(long i) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ i * 0xBF58476D1CE4E5B9L);
            byte[] l = new byte[lineLength - 1];
            for (int k = 0; k < 10; k++) l[k] = (byte) (' ' + 1 + r.nextInt(94));
            byte[] hex = String.format("  %032X  ", i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(hex, 0, l, 10, hex.length);
            for (int k = 10 + hex.length; k < l.length; k++) l[k] = (byte) ('A' + (i + k) % 26);
            return l;
        }
    }

    /** Words of a Zipf-distributed vocabulary (like English: a few words are most of the text). */
    static final class Text extends InputContent {
        private static final int VOCABULARY = 50_000;
        private final long seed;
        private final double[] cumulative = new double[VOCABULARY];

        Text(long seed) {
            super(80);
            this.seed = seed;
            double sum = 0;
            for (int k = 0; k < VOCABULARY; k++) {
                sum += 1.0 / (k + 1);
                cumulative[k] = sum;
            }
            for (int k = 0; k < VOCABULARY; k++) cumulative[k] /= sum;
        }

        @Override
        byte[] line(long i) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ i * 0xBF58476D1CE4E5B9L);
            byte[] l = new byte[lineLength - 1];
            Arrays.fill(l, (byte) ' ');
            int pos = 0;
            while (true) {
                byte[] w = word(r.nextDouble());
                if (pos + w.length + 1 > l.length) break;
                System.arraycopy(w, 0, l, pos, w.length);
                pos += w.length + 1;
            }
            return l;
        }

        private byte[] word(double u) {
            int k = Arrays.binarySearch(cumulative, u);
            if (k < 0) k = Math.min(VOCABULARY - 1, -k - 1);
            // A pronounceable word per rank: consonant-vowel pairs from the rank's digits.
            StringBuilder b = new StringBuilder();
            int n = k + 1;
            do {
                b.append("bcdfghjklmnprstvwz".charAt(n % 18)).append("aeiou".charAt((n / 18) % 5));
                n /= 90;
            } while (n > 0);
            return b.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }
}
