package io.gristmill.protocol.cloud;

import java.util.Map;

/**
 * What a listing or a HEAD request says of an object.
 *
 * @param metadata the user metadata ({@code x-amz-meta-*}) from a HEAD; empty in a listing
 */
public record ObjectInfo(String key, long size, Map<String, String> metadata) {
    public ObjectInfo {
        metadata = Map.copyOf(metadata);
    }
}
