package io.gristmill.protocol.cloud;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * An output stream that becomes an object only on {@link #commit}: a conditional create, like
 * {@link ObjectStore#putIfAbsent}. Closing a stream that was not committed leaves nothing visible.
 */
public abstract class CommitStream extends OutputStream {

    /** Bytes written so far. */
    public abstract long bytes();

    /**
     * Makes the bytes the object at the key; false when another attempt committed it first.
     *
     * @param lateMetadata metadata known only now (e.g. counters); it reaches the object when the
     *     stream is committed in one request, and is dropped when the bytes already went out in parts
     *     (S3 takes a multipart upload's metadata when the upload starts)
     */
    public abstract boolean commit(Map<String, String> lateMetadata) throws IOException;

    /** Abandons the stream unless it was committed. */
    @Override
    public abstract void close() throws IOException;
}
