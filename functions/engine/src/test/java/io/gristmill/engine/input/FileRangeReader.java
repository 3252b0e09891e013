package io.gristmill.engine.input;

import io.gristmill.engine.shuffle.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads ranges of local files (keys are paths under a root) and counts the requests. */
public final class FileRangeReader implements RangeReader {
    private final Path root;
    public int opens;

    public FileRangeReader(Path root) {
        this.root = root;
    }

    @Override
    public InputStream open(String key, long start, long end) throws IOException {
        opens++;
        FileChannel ch = FileChannel.open(root.resolve(key), StandardOpenOption.READ);
        ch.position(start);
        return new Segment.BoundedInputStream(Channels.newInputStream(ch), end - start);
    }
}
