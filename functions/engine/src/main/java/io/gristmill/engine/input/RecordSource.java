package io.gristmill.engine.input;

import io.gristmill.api.InputRecord;
import java.io.Closeable;
import java.io.IOException;

/** The input records of one map task. */
public interface RecordSource extends Closeable {
    /** The next record, or null at the end of the split. */
    InputRecord next() throws IOException;

    /**
     * The next line as bytes, into {@code view}; false at the end of the split. The fast paths of
     * the built-in apps use this; a source that has no bytes at hand encodes its records.
     */
    default boolean nextLine(LineView view) throws IOException {
        InputRecord r = next();
        if (r == null) return false;
        view.bytes = r.line().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        view.offset = 0;
        view.length = view.bytes.length;
        view.position = r.offset();
        view.source = r.source();
        return true;
    }

    /** Bytes of the records returned so far, line terminators included. */
    long bytesRead();
}
