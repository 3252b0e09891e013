package io.gristmill.engine.input;

/**
 * An object the job reads.
 *
 * @param key its S3 key
 * @param name what map functions see as {@code InputRecord.source()}: the key relative to the input
 *     prefix it was listed under, or the whole key (see {@code docs/architecture.md})
 * @param size bytes
 */
public record InputObject(String key, String name, long size) {
    /** Gzip objects cannot be read from the middle, so each is one split. */
    public boolean gzip() {
        return key.endsWith(".gz");
    }
}
