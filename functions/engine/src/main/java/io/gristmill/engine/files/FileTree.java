package io.gristmill.engine.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders: attempts, runs and test fixtures make them and must leave nothing behind. */
public final class FileTree {
    private FileTree() {}

    /**
     * Deletes a folder and everything in it, best effort: a file that cannot be deleted costs disk
     * space, not correctness. Symbolic links are deleted, never followed.
     */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort, see above
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort, see above
        }
    }

    /** Deletes a folder and everything in it, or fails naming what could not be deleted. */
    public static void deleteOrThrow(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
