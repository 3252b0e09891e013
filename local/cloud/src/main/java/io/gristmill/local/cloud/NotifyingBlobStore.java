package io.gristmill.local.cloud;

import com.google.common.io.CountingInputStream;
import io.gristmill.protocol.message.ObjectCreated;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Stands in for S3 event notifications: reports each object the wrapped store creates to a listener.
 *
 * <p>The hook sits at the blob store, below S3Proxy's HTTP handling, because that is the one place that sees
 * exactly the writes that took effect: a conditional write that fails (412), or any other failed write,
 * throws out of the delegate and so never notifies.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyingBlobStore.class);

    private final ObjectCreatedListener listener;
    private final Sequencer sequencer;
    private final WriteJournal journal;

    /** @param journal where writes in progress and undelivered events are kept, or null (a store in memory) */
    NotifyingBlobStore(BlobStore delegate, ObjectCreatedListener listener, Sequencer sequencer, WriteJournal journal) {
        super(delegate);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sequencer = sequencer;
        this.journal = journal;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        WriteJournal.Write write = begin(request.bucket(), request.key(), ObjectCreated.PUT);
        // Count what the store consumed: the request's Content-Length is absent for aws-chunked uploads.
        CountingInputStream counted = new CountingInputStream(content);
        PutObjectResponse response;
        try {
            response = super.putBlob(request, counted);
        } catch (RuntimeException e) {
            if (write != null) write.failed();
            throw storageError(e, request.bucket(), request.key());
        }
        created(ObjectCreated.PUT, request.bucket(), request.key(), response.eTag(), counted::getCount, write);
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        String bucket = upload.containerName();
        String key = upload.blobName();
        WriteJournal.Write write = begin(bucket, key, ObjectCreated.COMPLETE_MULTIPART_UPLOAD);
        CompleteMultipartUploadResponse response;
        try {
            response = super.completeMultipartUpload(upload, request);
        } catch (RuntimeException e) {
            if (write != null) write.failed();
            throw storageError(e, bucket, key);
        }
        created(
                ObjectCreated.COMPLETE_MULTIPART_UPLOAD,
                bucket,
                key,
                response.eTag(),
                () -> sizeOf(bucket, key),
                write);
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        String bucket = request.destinationBucket();
        String key = request.destinationKey();
        WriteJournal.Write write = begin(bucket, key, ObjectCreated.COPY);
        CopyObjectResponse response;
        try {
            response = super.copyBlob(request);
        } catch (RuntimeException e) {
            if (write != null) write.failed();
            throw storageError(e, bucket, key);
        }
        created(ObjectCreated.COPY, bucket, key, response.copyObjectResult().eTag(), () -> sizeOf(bucket, key), write);
        return response;
    }

    private WriteJournal.Write begin(String bucket, String key, String kind) {
        if (journal == null) return null;
        try {
            return journal.begin(bucket, key, kind);
        } catch (RuntimeException e) {
            throw storageError(e, bucket, key);
        }
    }

    @Override
    public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream in) {
        try {
            return super.uploadMultipartPart(upload, request, in);
        } catch (RuntimeException e) {
            throw storageError(e, upload.containerName(), upload.blobName());
        }
    }

    /**
     * A write that failed because the disk under the store is full, as an S3 error that says so (S3Proxy would
     * answer a bare 500); any other failure as it is. Objects already stored are untouched: a write goes to a
     * file of its own first.
     */
    static RuntimeException storageError(RuntimeException e, String bucket, String key) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io
                    && io.getMessage() != null
                    && io.getMessage().contains("No space left on device")) {
                return S3Exception.builder()
                        .statusCode(500)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("InternalError")
                                .errorMessage("The local S3 could not store s3://" + bucket + "/" + key
                                        + ": the disk of the stack's state folder is full (No space left on device)."
                                        + " Free space and try again; the objects already stored are intact.")
                                .serviceName("S3")
                                .build())
                        .build();
            }
        }
        return e;
    }

    // The sequencer is taken once the write is done, so it follows the order in which the delegate finished
    // the writes.
    private void created(
            String eventName, String bucket, String key, String eTag, LongSupplier size, WriteJournal.Write write) {
        if (!listener.wants(bucket, key)) {
            if (write != null) write.stored();
            return;
        }
        ObjectCreated event;
        try {
            event = new ObjectCreated(bucket, key, size.getAsLong(), unquote(eTag), sequencer.next(), eventName);
        } catch (RuntimeException e) {
            LOG.warn("cannot describe the new object s3://{}/{} for its event", bucket, key, e);
            if (write != null) write.stored();
            return;
        }
        if (write != null) write.stored(event);
        try {
            listener.objectCreated(event);
            if (write != null) write.delivered();
        } catch (RuntimeException e) {
            // The object is stored either way; failing the S3 request now would make the client retry a success.
            // A durable store keeps the event and delivers it at its next start.
            LOG.warn(
                    "Object-created listener failed for s3://{}/{} ({}); the S3 request still succeeds",
                    bucket,
                    key,
                    eventName,
                    e);
        }
    }

    // The store's responses for multipart completion and copy carry no size, so read it back.
    private long sizeOf(String bucket, String key) {
        return delegate().blobMetadata(bucket, key).contentLength();
    }

    private static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }
}
