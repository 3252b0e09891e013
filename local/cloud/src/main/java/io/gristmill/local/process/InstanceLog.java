package io.gristmill.local.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An instance's log stream, one file like a CloudWatch log stream. The process writes its standard
 * output and error straight into the file (appending); the runtime appends Lambda's platform lines
 * (INIT_START, START, END, REPORT, timeouts and exits) the same way. The process has written its
 * output before it posts its response, so each END follows everything its request printed.
 * Platform lines start with a timestamp, which orders requests across instances.
 */
final class InstanceLog {
    /** Fixed width, so timestamps sort as text. */
    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path file;

    InstanceLog(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    /**
     * Appends one line in one write (O_APPEND), so it never splits the process's own lines. The file
     * is opened per line: platform lines are few, and the stream outlives the process.
     */
    synchronized void platform(String line) {
        try {
            Files.write(
                    file,
                    (TIME.format(Instant.now()) + " " + line + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // a log line lost is not worth failing an invocation for
        }
    }
}
