package io.gristmill.engine.input;

import java.io.IOException;
import java.io.InputStream;

/** Opens byte ranges of input objects: S3 ranged GETs on AWS, file reads in tests. */
public interface RangeReader {
    /** Bytes {@code [start, end)} of the object. */
    InputStream open(String key, long start, long end) throws IOException;
}
