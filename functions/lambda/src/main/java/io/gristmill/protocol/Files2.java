package io.gristmill.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch directories of attempts: Lambda keeps /tmp between invocations, so each attempt cleans up. */
final class Files2 {
    private Files2() {}

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover file costs /tmp space, not correctness.
        }
    }

    static String describe(Throwable e) {
        String text = e instanceof io.gristmill.engine.task.TaskFailure ? e.getMessage() : e.toString();
        if (text == null) text = e.getClass().getName();
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }
}
