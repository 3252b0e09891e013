package io.gristmill.engine.input;

import io.gristmill.api.InputRecord;
import java.io.Closeable;
import java.io.IOException;

/** The input records of one map task. */
public interface RecordSource extends Closeable {
    /** The next record, or null at the end of the split. */
    InputRecord next() throws IOException;

    /** Bytes of the records returned so far, line terminators included. */
    long bytesRead();
}
