package io.gristmill.aws;

import io.gristmill.protocol.cloud.CommitStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A commit stream on S3: small outputs go up in one conditional PutObject, large ones as a multipart
 * upload whose parts are sent as they fill (memory stays at one part) and whose completion carries
 * the condition. An uncommitted stream leaves nothing visible.
 */
final class S3CommitStream extends CommitStream {
    private final S3Objects store;
    private final String key;
    private final Map<String, String> metadata;
    private byte[] buf = new byte[64 << 10];
    private int used;
    private long total;
    private S3Objects.MultipartUpload upload;
    private boolean closed;

    S3CommitStream(S3Objects store, String key, Map<String, String> metadata) {
        this.store = store;
        this.key = key;
        this.metadata = metadata;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (used == buf.length) {
                if (buf.length < S3Objects.PART_SIZE) {
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, S3Objects.PART_SIZE));
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

    @Override
    public long bytes() {
        return total;
    }

    @Override
    public boolean commit(Map<String, String> lateMetadata) {
        if (closed) throw new IllegalStateException("already committed or closed");
        closed = true;
        if (upload == null) {
            Map<String, String> all = new HashMap<>(metadata);
            all.putAll(lateMetadata);
            return store.putIfAbsent(key, Arrays.copyOf(buf, used), "text/plain; charset=utf-8", all);
        }
        try (S3Objects.MultipartUpload u = upload) {
            if (used > 0) sendPart();
            return u.complete();
        }
    }

    @Override
    public void close() {
        if (!closed && upload != null) upload.close();
        closed = true;
    }
}
