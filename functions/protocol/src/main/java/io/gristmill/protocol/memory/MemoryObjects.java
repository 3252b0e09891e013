package io.gristmill.protocol.memory;

import io.gristmill.protocol.cloud.CommitStream;
import io.gristmill.protocol.cloud.ObjectInfo;
import io.gristmill.protocol.cloud.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bucket in memory, with S3's semantics where the protocol depends on them: conditional creates
 * that exactly one caller wins, ranged reads, ETags, metadata, listings in key order. It counts
 * requests per operation, named as S3 names them, one per call as on S3.
 */
public final class MemoryObjects implements ObjectStore {
    private record Stored(byte[] bytes, String eTag, Map<String, String> metadata, String contentType) {}

    private final String bucket;
    private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentSkipListMap<>();
    private final AtomicLong versions = new AtomicLong();

    public MemoryObjects(String bucket) {
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    private void count(String operation) {
        requests.computeIfAbsent("S3." + operation, k -> new AtomicLong()).incrementAndGet();
    }

    /** Requests so far, by operation ({@code S3.PutObject}...). */
    public Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Creates or replaces an object, as a user's upload does; returns its ETag. */
    public String put(String key, byte[] bytes) {
        count("PutObject");
        return store(key, bytes, Map.of(), "application/octet-stream").eTag();
    }

    /** Every key, in order (for tests). */
    public List<String> keys() {
        return new ArrayList<>(objects.keySet());
    }

    private Stored store(String key, byte[] bytes, Map<String, String> metadata, String contentType) {
        Stored s = new Stored(bytes, "\"v" + versions.incrementAndGet() + "\"", Map.copyOf(metadata), contentType);
        objects.put(key, s);
        return s;
    }

    private Stored existing(String key) throws IOException {
        Stored s = objects.get(key);
        if (s == null) throw new IOException("NoSuchKey: s3://" + bucket + "/" + key);
        return s;
    }

    @Override
    public InputStream open(String key, long start, long end) throws IOException {
        if (end <= start) return new ByteArrayInputStream(new byte[0]);
        count("GetObject");
        byte[] b = existing(key).bytes();
        int from = (int) Math.min(start, b.length);
        int to = (int) Math.min(end, b.length);
        return new ByteArrayInputStream(b, from, to - from);
    }

    @Override
    public byte[] read(String key, long start, long length) throws IOException {
        if (length == 0) return new byte[0];
        count("GetObject");
        byte[] b = existing(key).bytes();
        return Arrays.copyOfRange(b, (int) Math.min(start, b.length), (int) Math.min(start + length, b.length));
    }

    @Override
    public byte[] readTail(String key, long length) throws IOException {
        count("GetObject");
        byte[] b = existing(key).bytes();
        return Arrays.copyOfRange(b, (int) Math.max(0, b.length - length), b.length);
    }

    @Override
    public Optional<byte[]> get(String key) {
        count("GetObject");
        Stored s = objects.get(key);
        return s == null ? Optional.empty() : Optional.of(s.bytes().clone());
    }

    @Override
    public Optional<byte[]> getIfMatch(String key, String eTag) {
        count("GetObject");
        Stored s = objects.get(key);
        if (s == null) return Optional.empty();
        if (eTag != null && !eTag.isEmpty() && !unquote(s.eTag()).equals(unquote(eTag))) return Optional.empty();
        return Optional.of(s.bytes().clone());
    }

    /** The ETag of an object, as an upload event carries it. */
    public Optional<String> eTag(String key) {
        return Optional.ofNullable(objects.get(key)).map(Stored::eTag);
    }

    private static String unquote(String e) {
        return e.replace("\"", "");
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        count("HeadObject");
        Stored s = objects.get(key);
        return s == null ? Optional.empty() : Optional.of(new ObjectInfo(key, s.bytes().length, s.metadata()));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        for (var e : objects.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            if (out.size() % 1000 == 0) count("ListObjectsV2");
            out.add(new ObjectInfo(e.getKey(), e.getValue().bytes().length, Map.of()));
        }
        if (out.isEmpty()) count("ListObjectsV2");
        return out;
    }

    @Override
    public Optional<String> firstKey(String prefix) {
        count("ListObjectsV2");
        String k = objects.ceilingKey(prefix);
        return k != null && k.startsWith(prefix) ? Optional.of(k) : Optional.empty();
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata) {
        count("PutObject");
        return createIfAbsent(key, content.clone(), metadata, contentType);
    }

    private boolean createIfAbsent(String key, byte[] content, Map<String, String> metadata, String contentType) {
        Stored s = new Stored(content, "\"v" + versions.incrementAndGet() + "\"", Map.copyOf(metadata), contentType);
        return objects.putIfAbsent(key, s) == null;
    }

    @Override
    public boolean putIfAbsent(String key, Path file, Map<String, String> metadata) throws IOException {
        count("PutObject");
        return createIfAbsent(key, Files.readAllBytes(file), metadata, "application/octet-stream");
    }

    @Override
    public CommitStream openCommit(String key, Map<String, String> metadata) {
        return new CommitStream() {
            private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            private boolean closed;

            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }

            @Override
            public long bytes() {
                return buffer.size();
            }

            @Override
            public boolean commit(Map<String, String> lateMetadata) {
                if (closed) throw new IllegalStateException("already committed or closed");
                closed = true;
                count("PutObject");
                Map<String, String> all = new HashMap<>(metadata);
                all.putAll(lateMetadata);
                return createIfAbsent(key, buffer.toByteArray(), all, "text/plain; charset=utf-8");
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    @Override
    public void copy(String fromKey, String toKey) throws IOException {
        count("CopyObject");
        Stored s = existing(fromKey);
        store(toKey, s.bytes(), s.metadata(), s.contentType());
    }
}
