package io.gristmill.protocol.cloud;

import io.gristmill.engine.input.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The protocol's view of one S3 bucket. Commits are conditional creates: {@code putIfAbsent} and
 * {@link CommitStream#commit} return {@code true} when this call created the object and
 * {@code false} when the key already existed (S3's 412 to {@code If-None-Match: *}), so the first
 * attempt to finish wins and later ones stand down.
 *
 * <p>Each method is one request to S3 unless it says otherwise, so that what the protocol calls is
 * what a job is billed for.
 */
public interface ObjectStore extends RangeReader {

    String bucket();

    default String uri(String key) {
        return "s3://" + bucket() + "/" + key;
    }

    /** Bytes {@code [start, end)} of an object, streamed (one ranged GET). */
    @Override
    InputStream open(String key, long start, long end) throws IOException;

    /** Bytes {@code [start, start+length)} of an object, in memory (one ranged GET). */
    byte[] read(String key, long start, long length) throws IOException;

    /** The last {@code length} bytes of an object, or all of it when it is shorter (a suffix range). */
    byte[] readTail(String key, long length) throws IOException;

    /** A whole object, or empty when there is none. */
    Optional<byte[]> get(String key) throws IOException;

    /**
     * A whole object only if it still has the given ETag: an event about an older version of a key
     * must not act on newer content. Empty when the object changed or is gone.
     */
    Optional<byte[]> getIfMatch(String key, String eTag) throws IOException;

    default Optional<String> getText(String key) throws IOException {
        return get(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** An object's size and metadata, or empty when there is none. */
    Optional<ObjectInfo> head(String key) throws IOException;

    /** Every object under a prefix, in key order (one request per 1,000 keys), without metadata. */
    List<ObjectInfo> list(String prefix) throws IOException;

    /** The first key under a prefix, if any: whether the prefix holds data. */
    Optional<String> firstKey(String prefix) throws IOException;

    /** Creates the object unless the key exists. */
    boolean putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata)
            throws IOException;

    default boolean putIfAbsent(String key, String text, String contentType) throws IOException {
        return putIfAbsent(key, text.getBytes(StandardCharsets.UTF_8), contentType, Map.of());
    }

    /** Creates the object from a file unless the key exists (large files in several requests). */
    boolean putIfAbsent(String key, Path file, Map<String, String> metadata) throws IOException;

    /**
     * A stream whose bytes become the object at {@code key} when {@link CommitStream#commit}
     * succeeds; nothing is visible before. {@code metadata} goes with the object however it is sent.
     */
    CommitStream openCommit(String key, Map<String, String> metadata) throws IOException;

    /** Copies an object within the bucket (one request up to 5 GB; several above). */
    void copy(String fromKey, String toKey) throws IOException;
}
