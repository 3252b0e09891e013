package io.gristmill.aws;

import io.gristmill.protocol.cloud.CommitStream;
import io.gristmill.protocol.cloud.ObjectInfo;
import io.gristmill.protocol.cloud.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The protocol's bucket on S3. Every commit is a conditional write ({@code If-None-Match: *}): S3
 * answers 412 when the key exists, which is {@code false} here, i.e. another attempt committed first.
 */
public final class S3Objects implements ObjectStore {
    /** Objects up to this size go in one PutObject; larger ones as a multipart upload. */
    public static final long SINGLE_PUT_LIMIT = 64L << 20;
    /** Multipart part size: S3 needs at least 5 MiB for all but the last part. */
    public static final int PART_SIZE = 16 << 20;
    /** CopyObject copies at most 5 GB; larger objects are copied in parts (UploadPartCopy). */
    static final long SINGLE_COPY_LIMIT = 5L << 30;
    /** Part size of a multipart copy: 10,000 parts of 512 MB cover S3's 5 TB objects. */
    static final long COPY_PART_SIZE = 512L << 20;

    private final S3Client s3;
    private final String bucket;

    public S3Objects(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
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

    @Override
    public byte[] read(String key, long start, long length) {
        if (length == 0) return new byte[0];
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=" + start + "-" + (start + length - 1)))
                .asByteArray();
    }

    @Override
    public byte[] readTail(String key, long length) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range("bytes=-" + length))
                .asByteArray();
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<byte[]> getIfMatch(String key, String eTag) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> {
                        b.bucket(bucket).key(key);
                        if (eTag != null && !eTag.isEmpty()) b.ifMatch(quote(eTag));
                    })
                    .asByteArray());
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

    @Override
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(key, h.contentLength(), h.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw e;
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        ListObjectsV2Request.Builder req =
                ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
        String token = null;
        do {
            ListObjectsV2Response page =
                    s3.listObjectsV2(req.continuationToken(token).build());
            for (S3Object o : page.contents()) out.add(new ObjectInfo(o.key(), o.size(), Map.of()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    @Override
    public Optional<String> firstKey(String prefix) {
        ListObjectsV2Response page =
                s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1));
        return page.contents().stream().map(S3Object::key).findFirst();
    }

    // ------------------------------------------------------------------ conditional writes

    @Override
    public boolean putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata) {
        return conditionalPut(key, contentType, metadata, () -> RequestBody.fromBytes(content));
    }

    private boolean conditionalPut(
            String key,
            String contentType,
            Map<String, String> metadata,
            java.util.function.Supplier<RequestBody> body) {
        for (int attempt = 0; ; attempt++) {
            try {
                s3.putObject(
                        b -> {
                            b.bucket(bucket).key(key).ifNoneMatch("*").metadata(metadata);
                            if (contentType != null) b.contentType(contentType);
                        },
                        body.get());
                return true;
            } catch (S3Exception e) {
                if (isPreconditionFailed(e)) return false;
                if (!isConflict(e) || attempt >= 3) throw e;
            }
        }
    }

    /** Commits a file: one PutObject when small, a multipart upload completed conditionally when large. */
    @Override
    public boolean putIfAbsent(String key, Path file, Map<String, String> metadata) throws IOException {
        long size = Files.size(file);
        if (size <= SINGLE_PUT_LIMIT) return conditionalPut(key, null, metadata, () -> RequestBody.fromFile(file));
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

    @Override
    public CommitStream openCommit(String key, Map<String, String> metadata) {
        return new S3CommitStream(this, key, metadata);
    }

    /**
     * Server-side copy; both keys in this bucket. CopyObject takes at most 5 GB: S3 refuses a larger
     * source with 400 InvalidRequest, and then the copy goes in parts. (Asking the size first would
     * cost every copy a HEAD request.)
     */
    @Override
    public void copy(String fromKey, String toKey) {
        try {
            s3.copyObject(b -> b.sourceBucket(bucket)
                    .sourceKey(fromKey)
                    .destinationBucket(bucket)
                    .destinationKey(toKey));
        } catch (S3Exception e) {
            if (e.statusCode() != 400
                    || e.awsErrorDetails() == null
                    || !"InvalidRequest".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
            long size = s3.headObject(b -> b.bucket(bucket).key(fromKey)).contentLength();
            if (size <= SINGLE_COPY_LIMIT) throw e;
            copyInParts(fromKey, toKey, size, COPY_PART_SIZE);
        }
    }

    /** A multipart copy (UploadPartCopy) of {@code size} bytes in parts of {@code partSize}. */
    void copyInParts(String fromKey, String toKey, long size, long partSize) {
        String uploadId =
                s3.createMultipartUpload(b -> b.bucket(bucket).key(toKey)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += partSize) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(size, start + partSize) - 1);
                String eTag = s3.uploadPartCopy(b -> b.sourceBucket(bucket)
                                .sourceKey(fromKey)
                                .destinationBucket(bucket)
                                .destinationKey(toKey)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .copySourceRange(range))
                        .copyPartResult()
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket)
                    .key(toKey)
                    .uploadId(uploadId)
                    .multipartUpload(
                            CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (RuntimeException e) {
            abort(toKey, uploadId);
            throw e;
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (S3Exception e) {
            // The lifecycle rule aborts leftovers after a day; nothing else to do.
        }
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
            this.uploadId = s3.createMultipartUpload(
                            b -> b.bucket(bucket).key(key).metadata(metadata))
                    .uploadId();
        }

        void part(byte[] bytes, int length) {
            int number = parts.size() + 1;
            String eTag = s3.uploadPart(
                            b -> b.bucket(bucket)
                                    .key(key)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength((long) length),
                            RequestBody.fromInputStream(new ByteArrayInputStream(bytes, 0, length), length))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        }

        boolean complete() {
            try {
                s3.completeMultipartUpload(b -> b.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .ifNoneMatch("*")
                        .multipartUpload(
                                CompletedMultipartUpload.builder().parts(parts).build()));
                finished = true;
                return true;
            } catch (S3Exception e) {
                if (isPreconditionFailed(e)) return false;
                throw e;
            }
        }

        @Override
        public void close() {
            if (!finished) abort(key, uploadId);
        }
    }
}
