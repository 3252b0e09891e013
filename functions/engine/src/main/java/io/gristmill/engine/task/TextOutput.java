package io.gristmill.engine.task;

import io.gristmill.api.Counter;
import io.gristmill.api.Emitter;
import io.gristmill.engine.shuffle.ShuffleIOException;
import io.gristmill.engine.shuffle.Utf8;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the job's output format: one UTF-8 line per pair, {@code key<TAB>value}, or just
 * {@code key} when the value is empty (so the sort app's parts are exactly the sorted lines).
 */
public final class TextOutput implements Emitter {
    private final OutputStream out;
    private final Counters counters;
    private byte[] buf = new byte[64 << 10];
    private int used;
    private long records;
    private long bytes;

    public TextOutput(OutputStream out, Counters counters) {
        this.out = out;
        this.counters = counters;
    }

    @Override
    public Counter counter(String name) {
        return counters.user(name);
    }

    @Override
    public void emit(String key, String value) {
        if (key == null || value == null) {
            throw new NullPointerException("reduce function emitted a null " + (key == null ? "key" : "value"));
        }
        int need = Utf8.maxLength(key) + Utf8.maxLength(value) + 2;
        try {
            if (buf.length - used < need) {
                flushBuffer();
                if (buf.length < need) buf = new byte[need];
            }
            int start = used;
            used = Utf8.encode(key, buf, used);
            if (!value.isEmpty()) {
                buf[used++] = '\t';
                used = Utf8.encode(value, buf, used);
            }
            buf[used++] = '\n';
            bytes += used - start;
            records++;
        } catch (IOException e) {
            throw new ShuffleIOException(e);
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, used);
        used = 0;
    }

    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    public long records() {
        return records;
    }

    public long bytes() {
        return bytes;
    }
}
