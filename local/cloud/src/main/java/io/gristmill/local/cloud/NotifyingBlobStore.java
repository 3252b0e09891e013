package io.gristmill.local.cloud;

import com.google.common.io.CountingInputStream;
import io.gristmill.protocol.message.ObjectCreated;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

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
    private final AtomicLong sequence = new AtomicLong();

    NotifyingBlobStore(BlobStore delegate, ObjectCreatedListener listener) {
        super(delegate);
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        // Count what the store consumed: the request's Content-Length is absent for aws-chunked uploads.
        CountingInputStream counted = new CountingInputStream(content);
        PutObjectResponse response = super.putBlob(request, counted);
        created(ObjectCreated.PUT, request.bucket(), request.key(), response.eTag(), counted::getCount);
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
            MultipartUpload upload, CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        String bucket = upload.containerName();
        String key = upload.blobName();
        created(ObjectCreated.COMPLETE_MULTIPART_UPLOAD, bucket, key, response.eTag(), () -> sizeOf(bucket, key));
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        String bucket = request.destinationBucket();
        String key = request.destinationKey();
        created(ObjectCreated.COPY, bucket, key, response.copyObjectResult().eTag(), () -> sizeOf(bucket, key));
        return response;
    }

    // The sequencer is taken first, so it follows the order in which the delegate finished the writes.
    private void created(String eventName, String bucket, String key, String eTag, LongSupplier size) {
        String sequencer = String.format("%016X", sequence.incrementAndGet());
        try {
            ObjectCreated event = new ObjectCreated(bucket, key, size.getAsLong(), unquote(eTag), sequencer, eventName);
            listener.objectCreated(event);
        } catch (RuntimeException e) {
            // The object is stored either way; failing the S3 request now would make the client retry a success.
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
