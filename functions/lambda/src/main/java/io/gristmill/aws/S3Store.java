package io.gristmill.aws;

import io.gristmill.engine.input.RangeReader;
import io.gristmill.engine.shuffle.RunIndex;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 operations of the protocol, on one bucket. Every commit is a conditional write
 * ({@code If-None-Match: *}): {@code true} means this call created the object, {@code false} that
 * the key already existed (S3 answered 412), i.e. another attempt committed first.
 */
public final class S3Store implements RangeReader {
    /** Objects up to this size go in one PutObject; larger ones as a multipart upload. */
    public static final long SINGLE_PUT_LIMIT = 64L << 20;
    /** Multipart part size: S3 needs at least 5 MiB for all but the last part. */
    public static final int PART_SIZE = 16 << 20;

    private final S3Client s3;
    private final String bucket;

    public S3Store(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public String bucket() {
        return bucket;
    }

    public S3Client client() {
        return s3;
    }

    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    static boolean isPreconditionFailed(S3Exception e) {
        return e.statusCode() == 412;
    }

    /** 409 ConditionalRequestConflict: a concurrent conditional write was in flight; try again. */
    static boolean isConflict(S3Exception e) {
        return e.statusCode() == 409;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public InputStream open(String key, long start, long end) {
        if (end <= start) return new ByteArrayInputStream(new byte[0]);
        return s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + start + "-" + (end - 1)));
    }

    public byte[] readRange(String key, long start, long length) {
        if (length == 0) return new byte[0];
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + start + "-" + (start + length - 1)))
                .asByteArray();
    }

    /** Reads the footer of a run (a map output) with one suffix-range GET, two for a large footer. */
    public RunIndex readRunIndex(String key) throws IOException {
        byte[] tail = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=-65536")).asByteArray();
        int needed = RunIndex.tailLength(tail);
        if (needed > tail.length) {
            tail = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=-" + needed)).asByteArray();
        }
        return RunIndex.parse(tail);
    }

    public Optional<String> getString(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads an object only if it still has the given ETag: an event about an older version of a key
     * must not start a job from the newer content. Empty when the object changed or is gone.
     */
    public Optional<String> getStringIfMatch(String key, String eTag) {
        try {
            ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> {
                b.bucket(bucket).key(key);
                if (eTag != null && !eTag.isEmpty()) b.ifMatch(quote(eTag));
            });
            return Optional.of(r.asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (isPreconditionFailed(e)) return Optional.empty();
            throw e;
        }
    }

    private static String quote(String eTag) {
        return eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
    }

    public Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw e;
        }
    }

    /** Every object under a prefix, in key order. */
    public List<S3Object> list(String prefix) {
        List<S3Object> out = new ArrayList<>();
        ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
        String token = null;
        do {
            ListObjectsV2Response page = s3.listObjectsV2(req.continuationToken(token).build());
            out.addAll(page.contents());
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    /** The first object under a prefix, if any. */
    public Optional<String> firstKey(String prefix) {
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1));
        return page.contents().stream().map(S3Object::key).findFirst();
    }

    // ------------------------------------------------------------------ conditional writes

    public boolean putIfAbsent(String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        for (int attempt = 0; ; attempt++) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*").contentType(contentType).metadata(metadata),
                        RequestBody.fromBytes(bytes));
                return true;
            } catch (S3Exception e) {
                if (isPreconditionFailed(e)) return false;
                if (!isConflict(e) || attempt >= 3) throw e;
            }
        }
    }

    public boolean putIfAbsent(String key, String text, String contentType) {
        return putIfAbsent(key, text.getBytes(StandardCharsets.UTF_8), contentType, Map.of());
    }

    /** Commits a file: one PutObject when small, a multipart upload completed conditionally when large. */
    public boolean putIfAbsent(String key, Path file, Map<String, String> metadata) throws IOException {
        long size = Files.size(file);
        if (size <= SINGLE_PUT_LIMIT) {
            for (int attempt = 0; ; attempt++) {
                try {
                    s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*").metadata(metadata),
                            RequestBody.fromFile(file));
                    return true;
                } catch (S3Exception e) {
                    if (isPreconditionFailed(e)) return false;
                    if (!isConflict(e) || attempt >= 3) throw e;
                }
            }
        }
        try (MultipartUpload upload = new MultipartUpload(key, metadata);
                RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] buf = new byte[PART_SIZE];
            long remaining = size;
            while (remaining > 0) {
                int n = (int) Math.min(PART_SIZE, remaining);
                raf.readFully(buf, 0, n);
                upload.part(buf, n);
                remaining -= n;
            }
            return upload.complete();
        }
    }

    /** A stream whose bytes become the object at {@code key} when {@link CommitStream#commit()} succeeds. */
    public CommitStream openCommit(String key, Map<String, String> metadata) {
        return new CommitStream(this, key, metadata);
    }

    /** Server-side copy; both keys in this bucket. */
    public void copy(String fromKey, String toKey) {
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(fromKey).destinationBucket(bucket).destinationKey(toKey));
    }

    /**
     * One multipart upload; {@link #complete()} finishes it with {@code If-None-Match: *} so the
     * object appears atomically or not at all, and closing an unfinished upload aborts it.
     */
    final class MultipartUpload implements AutoCloseable {
        private final String key;
        private final String uploadId;
        private final List<CompletedPart> parts = new ArrayList<>();
        private boolean finished;

        MultipartUpload(String key, Map<String, String> metadata) {
            this.key = key;
            this.uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)).uploadId();
        }

        void part(byte[] bytes, int length) {
            int number = parts.size() + 1;
            String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                            .contentLength((long) length),
                    RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        }

        boolean complete() {
            try {
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).ifNoneMatch("*")
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
                finished = true;
                return true;
            } catch (S3Exception e) {
                if (isPreconditionFailed(e)) return false;
                throw e;
            }
        }

        @Override
        public void close() {
            if (finished) return;
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (S3Exception e) {
                // The lifecycle rule aborts leftovers after a day; nothing else to do.
            }
        }
    }
}
