package io.gristmill.local.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's peak resident memory, Lambda's "Max Memory Used" (Linux only; empty elsewhere). */
final class PeakMemory {
    private PeakMemory() {}

    static OptionalLong megabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    return OptionalLong.of((kb + 1023) / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return OptionalLong.empty();
    }
}
