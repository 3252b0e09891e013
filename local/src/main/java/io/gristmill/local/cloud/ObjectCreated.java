package io.gristmill.local.cloud;

import java.util.Objects;

/**
 * One object creation in the local S3, with the fields an S3 "ObjectCreated:*" event notification carries.
 *
 * @param bucket    bucket name
 * @param key       object key (not URL-encoded)
 * @param size      object size in bytes
 * @param eTag      the ETag as S3 reports it, without the surrounding quotes
 * @param eventName {@link #PUT}, {@link #COMPLETE_MULTIPART_UPLOAD} or {@link #COPY}
 * @param sequencer fixed-width upper-case hex, strictly increasing in the order creations completed, so
 *                  plain string comparison orders events as S3's own sequencer does for one key
 */
public record ObjectCreated(String bucket, String key, long size, String eTag, String eventName, String sequencer) {

    public static final String PUT = "ObjectCreated:Put";
    public static final String COMPLETE_MULTIPART_UPLOAD = "ObjectCreated:CompleteMultipartUpload";
    public static final String COPY = "ObjectCreated:Copy";

    public ObjectCreated {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eTag, "eTag");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(sequencer, "sequencer");
    }
}
