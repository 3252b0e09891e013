package io.gristmill.aws;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * An output stream that becomes an S3 object only on {@link #commit()}: small outputs go up in one
 * conditional PutObject, large ones as a multipart upload whose parts are sent as they fill (memory
 * stays at one part) and whose completion carries the condition. An uncommitted stream leaves
 * nothing visible.
 */
public final class CommitStream extends OutputStream {
    private final S3Store store;
    private final String key;
    private final Map<String, String> metadata;
    private byte[] buf = new byte[64 << 10];
    private int used;
    private long total;
    private S3Store.MultipartUpload upload;
    private boolean closed;

    CommitStream(S3Store store, String key, Map<String, String> metadata) {
        this.store = store;
        this.key = key;
        this.metadata = metadata;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == buf.length) {
                if (buf.length < S3Store.PART_SIZE) {
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, S3Store.PART_SIZE));
                } else {
                    sendPart();
                }
            }
            int n = Math.min(len, buf.length - used);
            System.arraycopy(b, off, buf, used, n);
            used += n;
            off += n;
            len -= n;
            total += n;
        }
    }

    private void sendPart() {
        if (upload == null) upload = store.new MultipartUpload(key, metadata);
        upload.part(buf, used);
        used = 0;
    }

    public long bytes() {
        return total;
    }

    /** Makes the bytes the object at the key; false when another attempt already committed it. */
    public boolean commit() {
        if (closed) throw new IllegalStateException("already committed or closed");
        closed = true;
        if (upload == null) {
            return store.putIfAbsent(key, Arrays.copyOf(buf, used), "text/plain; charset=utf-8", metadata);
        }
        try (S3Store.MultipartUpload u = upload) {
            if (used > 0) sendPart();
            return u.complete();
        }
    }

    /** Abandons an uncommitted stream (aborting its multipart upload, if any). */
    @Override
    public void close() {
        if (!closed && upload != null) upload.close();
        closed = true;
    }
}
