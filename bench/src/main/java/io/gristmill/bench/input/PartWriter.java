package io.gristmill.bench.input;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes lines into {@code parts} files of at most {@code totalBytes / parts} bytes each, whole lines
 * only, so an input is several objects (what the indexer needs, and how data usually arrives).
 */
final class PartWriter implements AutoCloseable {
    private final Path dir;
    private final int parts;
    private final long partLimit;
    private int part = -1;
    private long written;
    private OutputStream out;

    PartWriter(Path dir, int parts, long totalBytes) {
        this.dir = dir;
        this.parts = parts;
        this.partLimit = totalBytes / parts;
    }

    /** Writes the line and its newline; false, writing nothing, once every part is full. */
    boolean write(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (out == null || written + bytes.length > partLimit) {
            if (!nextPart()) return false;
        }
        out.write(bytes);
        written += bytes.length;
        return true;
    }

    private boolean nextPart() throws IOException {
        if (out != null) out.close();
        out = null;
        if (++part >= parts) return false;
        out = new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(String.format("part-%02d.txt", part))), 1 << 16);
        written = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (out != null) out.close();
    }
}
