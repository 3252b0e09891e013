package io.gristmill.engine.shuffle;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges any number of sorted segments with bounded memory: at most {@code fanIn} segments are open
 * at once, each through a buffer of {@code bufferSize} bytes. With more segments, earlier passes
 * merge groups of them into temporary files first (an external merge), so memory depends on the
 * fan-in, never on how much data there is.
 */
public final class Merger {
    private Merger() {}

    /** Opens a merged stream; closing it deletes the temporary files of earlier passes. */
    public static RecordStream open(List<Segment> segments, int fanIn, int bufferSize, Path tmpDir) throws IOException {
        if (fanIn < 2) throw new IllegalArgumentException("fan-in must be at least 2");
        List<Segment> queue = new ArrayList<>(segments);
        List<Path> temps = new ArrayList<>();
        try {
            while (queue.size() > fanIn) {
                // Merge just enough segments that the rest fit in one final pass.
                int take = Math.min(fanIn, queue.size() - fanIn + 1);
                List<Segment> batch = new ArrayList<>(queue.subList(0, take));
                queue.subList(0, take).clear();
                Path file = Files.createTempFile(tmpDir, "merge-", ".run");
                temps.add(file);
                long length;
                try (RecordStream merged = new MergeStream(open(batch, bufferSize), List.of());
                        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    RunWriter writer = new RunWriter(out, 1);
                    writer.startPartition(0);
                    while (merged.next()) writer.write(merged);
                    out.flush();
                    length = writer.dataBytes();
                }
                queue.add(Segment.ofFile(file, 0, length));
            }
            return new MergeStream(open(queue, bufferSize), temps);
        } catch (IOException | RuntimeException e) {
            for (Path p : temps) Files.deleteIfExists(p);
            throw e;
        }
    }

    private static List<RecordCursor> open(List<Segment> segments, int bufferSize) throws IOException {
        List<RecordCursor> cursors = new ArrayList<>(segments.size());
        try {
            for (Segment s : segments) {
                cursors.add(RecordCursor.open(s, bufferSize));
            }
        } catch (IOException e) {
            for (RecordCursor c : cursors) c.close();
            throw e;
        }
        return cursors;
    }
}
