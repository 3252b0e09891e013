package io.gristmill.sim;

import io.gristmill.engine.shuffle.RunWriter;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bucket, simulated. It keeps S3's semantics where the protocol relies on them (conditional
 * creates that one caller wins, ETags, metadata, listings in key order), and counts every request
 * exactly as {@code io.gristmill.aws.S3Objects} would send it on S3: a file of more than 64 MB as a
 * multipart upload in 16 MB parts, a streamed output above 16 MB likewise, a copy above 5 GB as a
 * refused CopyObject, a HEAD and a multipart copy in 512 MB parts. Each request takes its latency and
 * transfer time on the virtual clock, and each prefix serves at most S3's published request rates:
 * beyond them requests are throttled (503 SlowDown) and wait.
 *
 * <p>Objects need not hold bytes: input objects are generated on demand ({@link InputContent}), and
 * the tasks' outputs are only sizes (a run keeps its real footer, which a losing attempt reads).
 */
final class SimObjects implements ObjectStore {
    static final long SINGLE_PUT_LIMIT = 64L << 20;
    static final long PART_SIZE = 16L << 20;
    static final long SINGLE_COPY_LIMIT = 5L << 30;
    static final long COPY_PART_SIZE = 512L << 20;

    /** An object: real bytes, generated input, or only a size (with a run's footer). */
    private record Obj(
            long size, byte[] bytes, InputContent content, byte[] footer, Map<String, String> metadata, String eTag) {}

    private final String bucket;
    private final VirtualTime time;
    private final AwsModel model;
    private final Requests requests;
    private final RateLimit gets;
    private final RateLimit puts;
    private final TreeMap<String, Obj> objects = new TreeMap<>();
    private final AtomicLong versions = new AtomicLong();
    private long bytesIn;
    private long bytesOut;

    SimObjects(String bucket, VirtualTime time, AwsModel model, Requests requests) {
        this.bucket = bucket;
        this.time = time;
        this.model = model;
        this.requests = requests;
        this.gets = new RateLimit(model.getsPerPrefix());
        this.puts = new RateLimit(model.putsPerPrefix());
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /** Bytes read from and written to S3 by the functions. */
    synchronized long[] traffic() {
        return new long[] {bytesOut, bytesIn};
    }

    static String prefix(String key) {
        return key.substring(0, key.lastIndexOf('/') + 1);
    }

    // ------------------------------------------------------------------ requests and their time

    /** Counts {@code n} requests of one operation on one prefix, spread over {@code millis}; returns the delay. */
    private long request(String operation, String key, long n, long millis) {
        requests.add("S3." + operation, n);
        boolean get = operation.equals("GetObject") || operation.equals("HeadObject");
        RateLimit.Admission a = (get ? gets : puts).admit(prefix(key), n, time.now(), millis);
        requests.throttled("S3." + operation, a.throttled());
        return a.delayMillis();
    }

    /** One request and its time: its latency, its bytes over one connection, any throttling. */
    private void one(String operation, String key, long bytes) {
        long latency = (operation.equals("GetObject") || operation.equals("HeadObject")
                        ? model.s3GetMillis()
                        : operation.equals("ListObjectsV2") ? model.s3ListMillis() : model.s3PutMillis())
                + model.transferMillis(bytes, 1);
        time.sleep(latency + request(operation, key, 1, latency));
    }

    private String eTag() {
        return "\"v" + versions.incrementAndGet() + "\"";
    }

    // ------------------------------------------------------------------ what users and the simulator store

    /** An input object of generated content (a user's upload: not counted, as on the local cloud). */
    synchronized void putInput(String key, long size, InputContent content) {
        objects.put(key, new Obj(size, null, content, null, Map.of(), eTag()));
    }

    /** A user's upload of real bytes (not counted); returns the ETag. */
    synchronized String putBytes(String key, byte[] bytes) {
        Obj o = new Obj(bytes.length, bytes, null, null, Map.of(), eTag());
        objects.put(key, o);
        return o.eTag();
    }

    /** An object's bytes, read by the simulator itself (not counted, no time). */
    synchronized Optional<byte[]> peek(String key) {
        Obj o = objects.get(key);
        return o == null ? Optional.empty() : Optional.of(bytes(o, 0, o.size()));
    }

    synchronized Optional<Long> size(String key) {
        Obj o = objects.get(key);
        return o == null ? Optional.empty() : Optional.of(o.size());
    }

    synchronized List<String> keys() {
        return new ArrayList<>(objects.keySet());
    }

    private synchronized Obj existing(String key) throws IOException {
        Obj o = objects.get(key);
        if (o == null) throw new IOException("NoSuchKey: s3://" + bucket + "/" + key);
        return o;
    }

    private static byte[] bytes(Obj o, long start, long end) {
        long from = Math.min(start, o.size());
        long to = Math.min(end, o.size());
        if (o.bytes() != null) return java.util.Arrays.copyOfRange(o.bytes(), (int) from, (int) to);
        if (o.content() != null) return o.content().read(from, to);
        byte[] out = new byte[(int) (to - from)];
        if (o.footer() != null) {
            long footerStart = o.size() - o.footer().length;
            for (long p = Math.max(from, footerStart); p < to; p++) {
                out[(int) (p - from)] = o.footer()[(int) (p - footerStart)];
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public InputStream open(String key, long start, long end) throws IOException {
        if (end <= start) return new ByteArrayInputStream(new byte[0]);
        Obj o = existing(key);
        long length = Math.min(end, o.size()) - Math.min(start, o.size());
        synchronized (this) {
            bytesOut += length;
        }
        one("GetObject", key, length);
        if (o.content() != null) return o.content().stream(Math.min(start, o.size()), Math.min(end, o.size()));
        return new ByteArrayInputStream(bytes(o, start, end));
    }

    @Override
    public byte[] read(String key, long start, long length) throws IOException {
        if (length == 0) return new byte[0];
        Obj o = existing(key);
        byte[] b = bytes(o, start, start + length);
        synchronized (this) {
            bytesOut += b.length;
        }
        one("GetObject", key, b.length);
        return b;
    }

    @Override
    public byte[] readTail(String key, long length) throws IOException {
        Obj o = existing(key);
        byte[] b = bytes(o, Math.max(0, o.size() - length), o.size());
        one("GetObject", key, b.length);
        return b;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Obj o;
        synchronized (this) {
            o = objects.get(key);
        }
        one("GetObject", key, o == null ? 0 : o.size());
        return o == null ? Optional.empty() : Optional.of(bytes(o, 0, o.size()));
    }

    @Override
    public Optional<byte[]> getIfMatch(String key, String eTag) {
        Obj o;
        synchronized (this) {
            o = objects.get(key);
        }
        one("GetObject", key, o == null ? 0 : o.size());
        if (o == null) return Optional.empty();
        if (eTag != null && !eTag.isEmpty() && !o.eTag().replace("\"", "").equals(eTag.replace("\"", ""))) {
            return Optional.empty();
        }
        return Optional.of(bytes(o, 0, o.size()));
    }

    /** The ETag an upload event carries. */
    synchronized Optional<String> eTag(String key) {
        return Optional.ofNullable(objects.get(key)).map(Obj::eTag);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        Obj o;
        synchronized (this) {
            o = objects.get(key);
        }
        one("HeadObject", key, 0);
        return o == null ? Optional.empty() : Optional.of(new ObjectInfo(key, o.size(), o.metadata()));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        synchronized (this) {
            for (var e : objects.tailMap(prefix).entrySet()) {
                if (!e.getKey().startsWith(prefix)) break;
                out.add(new ObjectInfo(e.getKey(), e.getValue().size(), Map.of()));
            }
        }
        int pages = Math.max(1, (out.size() + 999) / 1000);
        for (int p = 0; p < pages; p++) one("ListObjectsV2", prefix, 0);
        return out;
    }

    @Override
    public Optional<String> firstKey(String prefix) {
        String k;
        synchronized (this) {
            k = objects.ceilingKey(prefix);
        }
        one("ListObjectsV2", prefix, 0);
        return k != null && k.startsWith(prefix) ? Optional.of(k) : Optional.empty();
    }

    // ------------------------------------------------------------------ conditional writes

    private synchronized boolean create(String key, Obj o) {
        if (objects.containsKey(key)) return false;
        objects.put(key, o);
        bytesIn += o.size();
        return true;
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata) {
        boolean created =
                create(key, new Obj(content.length, content.clone(), null, null, Map.copyOf(metadata), eTag()));
        one("PutObject", key, content.length);
        return created;
    }

    @Override
    public boolean putIfAbsent(String key, Path file, Map<String, String> metadata) throws IOException {
        byte[] content = Files.readAllBytes(file);
        boolean created = create(key, new Obj(content.length, content, null, null, Map.copyOf(metadata), eTag()));
        upload(key, content.length, SINGLE_PUT_LIMIT, created);
        return created;
    }

    /**
     * A run of {@code size} bytes with these partition lengths, committed as a map or merge task's file
     * is: one PutObject up to 64 MB, a multipart upload in 16 MB parts above.
     */
    boolean putRunIfAbsent(String key, long size, long[] lengths, Map<String, String> metadata) {
        byte[] footer = RunWriter.footer(lengths, "{}");
        boolean created = create(key, new Obj(size + footer.length, null, null, footer, Map.copyOf(metadata), eTag()));
        upload(key, size + footer.length, SINGLE_PUT_LIMIT, created);
        return created;
    }

    /** The requests and time of uploading {@code size} bytes as S3Objects does, in one PUT up to {@code single}. */
    private void upload(String key, long size, long single, boolean created) {
        if (size <= single) {
            one("PutObject", key, size);
            return;
        }
        long parts = (size + PART_SIZE - 1) / PART_SIZE;
        long millis = model.s3PutMillis() * (parts + 2) + model.transferMillis(size, 1);
        long delay = request("CreateMultipartUpload", key, 1, millis)
                + request("UploadPart", key, parts, millis)
                + request("CompleteMultipartUpload", key, 1, millis);
        if (!created) requests.add("S3.AbortMultipartUpload", 1); // a completion refused (412) is aborted
        time.sleep(millis + delay);
    }

    @Override
    public SimCommitStream openCommit(String key, Map<String, String> metadata) {
        return new SimCommitStream(key, metadata);
    }

    /**
     * A commit stream whose bytes are mostly virtual: {@link #skip} adds bytes without holding them.
     * Requests are counted as S3CommitStream sends them: parts of 16 MB while the stream fills, the
     * last one and the completion at the commit; one PutObject when it never passed 16 MB.
     */
    final class SimCommitStream extends CommitStream {
        private final String key;
        private final Map<String, String> metadata;
        private final ByteArrayOutputStream small = new ByteArrayOutputStream();
        private long total;
        private long partsSent;
        private boolean closed;

        SimCommitStream(String key, Map<String, String> metadata) {
            this.key = key;
            this.metadata = metadata;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (total + len <= PART_SIZE) small.write(b, off, len);
            skip(len);
        }

        /** Adds {@code n} bytes of modelled output. */
        void skip(long n) {
            total += n;
            // S3CommitStream sends a full 16 MB part when more bytes arrive than its buffer holds.
            long full = total <= PART_SIZE ? 0 : (total - 1) / PART_SIZE;
            if (full > partsSent) {
                long parts = full - partsSent;
                if (partsSent == 0) requests.add("S3.CreateMultipartUpload", 1);
                long millis = parts * model.s3PutMillis() + model.transferMillis(parts * PART_SIZE, 1);
                long delay = request("UploadPart", key, parts, millis);
                partsSent = full;
                time.sleep(millis + delay + (partsSent == parts ? model.s3PutMillis() : 0));
            }
        }

        @Override
        public long bytes() {
            return total;
        }

        @Override
        public boolean commit(Map<String, String> lateMetadata) {
            if (closed) throw new IllegalStateException("already committed or closed");
            closed = true;
            Map<String, String> all = new HashMap<>(metadata);
            boolean multipart = partsSent > 0;
            if (!multipart) all.putAll(lateMetadata); // a multipart upload keeps the metadata it began with
            byte[] content = total <= PART_SIZE ? small.toByteArray() : null;
            boolean created = create(key, new Obj(total, content, null, null, Map.copyOf(all), eTag()));
            if (!multipart) {
                one("PutObject", key, total);
            } else {
                long rest = total - partsSent * PART_SIZE;
                long millis = model.s3PutMillis() * 2 + model.transferMillis(rest, 1);
                long delay = request("UploadPart", key, 1, millis) + request("CompleteMultipartUpload", key, 1, millis);
                if (!created) requests.add("S3.AbortMultipartUpload", 1);
                time.sleep(millis + delay);
            }
            return created;
        }

        @Override
        public void close() {
            if (!closed && partsSent > 0) requests.add("S3.AbortMultipartUpload", 1);
            closed = true;
        }
    }

    // ------------------------------------------------------------------ copies

    @Override
    public void copy(String fromKey, String toKey) throws IOException {
        Obj o = existing(fromKey);
        synchronized (this) {
            objects.put(toKey, new Obj(o.size(), o.bytes(), o.content(), o.footer(), o.metadata(), eTag()));
        }
        if (o.size() <= SINGLE_COPY_LIMIT) {
            long millis = model.s3PutMillis() + (long) (o.size() * 1000.0 / model.copyBytesPerSecond());
            time.sleep(millis + request("CopyObject", toKey, 1, millis));
            return;
        }
        // S3Objects: CopyObject refuses more than 5 GB, so it asks the size and copies in parts.
        one("CopyObject", toKey, 0);
        one("HeadObject", fromKey, 0);
        long parts = (o.size() + COPY_PART_SIZE - 1) / COPY_PART_SIZE;
        long millis = model.s3PutMillis() * (parts + 2) + (long) (o.size() * 1000.0 / model.copyBytesPerSecond());
        long delay = request("CreateMultipartUpload", toKey, 1, millis)
                + request("UploadPartCopy", toKey, parts, millis)
                + request("CompleteMultipartUpload", toKey, 1, millis);
        time.sleep(millis + delay);
    }

    // ------------------------------------------------------------------ the modelled tasks' transfers

    /** A range of an object, as a task reads it. */
    record Range(String key, long length) {}

    /**
     * The time, including throttling, of GETs of these ranges issued {@code parallel} at a time from
     * one instance, as ShuffleFetcher issues a reduce task's (merge tasks open all theirs at once).
     * The requests are counted and admitted per prefix, spread over the time they take unthrottled.
     */
    long fetchMillis(List<Range> ranges, int parallel) {
        if (ranges.isEmpty()) return 0;
        long bytes = 0;
        Map<String, Long> perPrefix = new HashMap<>();
        for (Range r : ranges) {
            bytes += r.length();
            perPrefix.merge(prefix(r.key()), 1L, Long::sum);
        }
        int p = Math.min(parallel, ranges.size());
        long waves = (ranges.size() + p - 1) / p;
        long ideal = waves * model.s3GetMillis() + model.transferMillis(bytes, p);
        long delay = 0;
        requests.add("S3.GetObject", ranges.size());
        for (var e : perPrefix.entrySet()) {
            RateLimit.Admission a = gets.admit(e.getKey(), e.getValue(), time.now(), ideal);
            requests.throttled("S3.GetObject", a.throttled());
            delay = Math.max(delay, a.delayMillis());
        }
        synchronized (this) {
            bytesOut += bytes;
        }
        return ideal + delay;
    }

    /** Requests S3 refused with 503 SlowDown, which were sent again. */
    long throttled() {
        return gets.throttled() + puts.throttled();
    }

    void prune() {
        gets.prune(time.now());
        puts.prune(time.now());
    }
}
