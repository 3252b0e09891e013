package io.gristmill.engine.input;

import io.gristmill.api.InputRecord;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the lines of one split with as few requests as possible: one ranged read of
 * {@code [start-1, end+lookahead)}, and more only when the last line runs past that.
 *
 * <p>The rule that makes splits exact: a line belongs to the split that holds its first byte. So a
 * split that does not start at 0 skips everything up to and including the first {@code \n} at or
 * after {@code start-1} (reading from {@code start-1} tells whether {@code start} begins a line),
 * and a split returns every line that starts before {@code end}, reading past {@code end} to finish
 * the last one. Every line of an object is read by exactly one split.
 */
public final class SplitLineReader implements RecordSource {
    private final RangeReader reader;
    private final Split split;
    private final long end;
    private final long objectEnd;
    private InputStream in;
    private long streamEnd;
    private long nextFetch;
    private byte[] buf = new byte[64 << 10];
    private long bufStart;
    private int pos;
    private int limit;
    private boolean done;
    private long bytesRead;
    /** For a gzip split: how many compressed bytes have arrived, to tell a corrupt object from a cut download. */
    private Counting compressed;

    /**
     * @param lookahead bytes to read past the split's end in the first request, so that the last
     *     line usually needs no second request
     */
    public SplitLineReader(RangeReader reader, Split split, long lookahead) throws IOException {
        this.reader = reader;
        this.split = split;
        this.nextFetch = Math.max(lookahead, 4096);
        if (split.gzip()) {
            this.end = Long.MAX_VALUE;
            this.objectEnd = Long.MAX_VALUE;
            this.compressed = new Counting(reader.open(split.key(), 0, split.objectSize()));
            try {
                this.in = new GZIPInputStream(compressed, 64 << 10);
            } catch (IOException e) {
                compressed.close();
                throw gzipError(e);
            }
            this.streamEnd = Long.MAX_VALUE;
            return;
        }
        this.end = split.end();
        this.objectEnd = split.objectSize();
        long from = split.start() > 0 ? split.start() - 1 : 0;
        this.streamEnd = Math.min(objectEnd, split.end() + lookahead);
        this.in = reader.open(split.key(), from, streamEnd);
        this.bufStart = from;
        if (split.start() > 0) skipPartialLine();
    }

    /** Moves to the first line that starts at or after the split's start, or ends the split. */
    private void skipPartialLine() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                done = true;
                return;
            }
            long offsetLimit = end - bufStart; // only a '\n' before `end` can start a line of ours
            int scanTo = (int) Math.min(limit, offsetLimit);
            for (int i = pos; i < scanTo; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    if (bufStart + pos >= end) done = true;
                    return;
                }
            }
            if (scanTo < limit || bufStart + limit >= end) {
                done = true; // no line starts inside this split
                return;
            }
            pos = limit;
        }
    }

    private final LineView view = new LineView();

    @Override
    public InputRecord next() throws IOException {
        if (!nextLine(view)) return null;
        String text = new String(view.bytes, view.offset, view.length, StandardCharsets.UTF_8);
        return new InputRecord(view.source, view.position, text);
    }

    @Override
    public boolean nextLine(LineView line) throws IOException {
        if (done) return false;
        long lineStart = bufStart + pos;
        if (lineStart >= end || lineStart >= objectEnd) {
            done = true;
            return false;
        }
        int scan = pos;
        while (true) {
            int nl = -1;
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl >= 0) return line(nl, nl + 1, line);
            scan = limit - pos; // continue after what was already scanned, once compacted
            if (!fill()) {
                if (pos == limit) {
                    done = true;
                    return false;
                }
                return line(limit, limit, line); // last line of the object, without a terminator
            }
            scan += pos;
        }
    }

    private boolean line(int lineEnd, int next, LineView line) {
        int textEnd = lineEnd > pos && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        line.bytes = buf;
        line.offset = pos;
        line.length = textEnd - pos;
        line.position = bufStart + pos;
        line.source = split.name();
        bytesRead += next - pos;
        pos = next;
        return true;
    }

    /**
     * Reads more bytes after {@code limit}, compacting or growing the buffer first; opens the next
     * range when the current one is used up. Returns false at the end of the object.
     */
    private boolean fill() throws IOException {
        if (pos > 0 && (limit == buf.length || pos == limit)) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufStart += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        while (true) {
            int n = read();
            if (n > 0) {
                limit += n;
                return true;
            }
            if (streamEnd >= objectEnd) return false;
            // The last line runs past what we fetched: fetch more, twice as much each time.
            in.close();
            long from = streamEnd;
            streamEnd = Math.min(objectEnd, from + nextFetch);
            nextFetch = Math.min(nextFetch * 2, 64L << 20);
            in = reader.open(split.key(), from, streamEnd);
        }
    }

    private int read() throws IOException {
        if (compressed == null) return in.read(buf, limit, buf.length - limit);
        try {
            return in.read(buf, limit, buf.length - limit);
        } catch (IOException e) {
            throw gzipError(e);
        }
    }

    /**
     * A gzip error that retrying cannot fix becomes a {@link BadInputException}: a format error (the
     * bytes are not gzip, or fail its checks), or an early end once every byte of the object arrived
     * (the object itself is cut short). Anything else, such as a connection lost mid-object, is left to
     * the retries.
     */
    private IOException gzipError(IOException e) {
        String key = split.key().equals(split.name()) ? "" : "key " + split.key() + ", ";
        String what = "input " + split.name() + " (" + key + split.objectSize()
                + " bytes, read as gzip because its name ends in .gz)";
        if (e instanceof ZipException) {
            return new BadInputException(
                    what + " is not a valid gzip file: " + e.getMessage()
                            + "; replace it with a good copy, or remove it (or its .gz ending) and run the job again",
                    e);
        }
        if (e instanceof EOFException && compressed.count >= split.objectSize()) {
            return new BadInputException(
                    what + " is truncated: it ends in the middle of its compressed data (" + e.getMessage()
                            + "); replace it with a complete copy and run the job again",
                    e);
        }
        return e;
    }

    /** Counts the bytes that pass. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    @Override
    public long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
