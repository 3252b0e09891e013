package io.gristmill.bench.child.java;

import io.gristmill.engine.shuffle.Segment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;

/** Reads the lines of a {@link FileRange}: the plain BufferedReader loop, over a slice of the file. */
final class RangeLines {
    interface LineHandler {
        void line(String source, String line);
    }

    private RangeLines() {}

    static void read(FileRange range, LineHandler handler) throws IOException {
        try (FileChannel channel = FileChannel.open(range.file(), StandardOpenOption.READ)) {
            channel.position(range.start());
            InputStream slice =
                    new Segment.BoundedInputStream(Channels.newInputStream(channel), range.end() - range.start());
            BufferedReader in = new BufferedReader(new InputStreamReader(slice, StandardCharsets.UTF_8), 1 << 16);
            for (String line; (line = in.readLine()) != null; ) handler.line(range.name(), line);
        }
    }
}
