package io.gristmill.engine.task;

import java.nio.file.Path;

/**
 * How a task uses memory and disk.
 *
 * @param tmpDir where spills and merge passes go (Lambda's /tmp)
 * @param sortBufferBytes the map side's in-memory buffer before it spills
 * @param mergeFanIn how many sorted runs one merge pass reads at once
 * @param ioBufferBytes the read buffer of each run being merged
 */
public record TaskSettings(Path tmpDir, long sortBufferBytes, int mergeFanIn, int ioBufferBytes) {

    /** A quarter of the heap for sorting (at most 256 MB), 64 runs per merge pass, 64 KB buffers. */
    public static TaskSettings defaults(Path tmpDir) {
        long heap = Runtime.getRuntime().maxMemory();
        long buffer = Math.max(4L << 20, Math.min(256L << 20, heap / 4));
        return new TaskSettings(tmpDir, buffer, 64, 64 << 10);
    }
}
