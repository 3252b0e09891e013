package io.gristmill.bench.input;

import java.io.IOException;
import java.nio.file.Path;

/** A generated benchmark input: a folder of text files, fully determined by its parameters. */
public interface InputGenerator {
    /** The folder's name under the data directory. */
    String name();

    /** Everything the content depends on; a cached input is reused only when these are equal. */
    String parameters();

    /** Writes the files into {@code dir}, which exists and is empty. */
    void writeTo(Path dir) throws IOException;
}
