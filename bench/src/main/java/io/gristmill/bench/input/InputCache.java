package io.gristmill.bench.input;

import io.gristmill.engine.files.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Generated inputs under a data directory (bench/data/, git-ignored), reused when present with the
 * same parameters: a 1 GB corpus takes a while to write. A marker next to the folder (not inside it,
 * since every engine reads every file of its input folder) records the parameters and is written last,
 * so a half-written input is never reused.
 */
public final class InputCache {
    private final Path dataDir;

    public InputCache(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The input's folder, generated first if missing or made with other parameters. */
    public Path ensure(InputGenerator generator, java.util.function.Consumer<String> log) throws IOException {
        Path dir = dataDir.resolve(generator.name());
        Path marker = dataDir.resolve(generator.name() + ".params");
        if (Files.isDirectory(dir)
                && Files.isRegularFile(marker)
                && Files.readString(marker).equals(generator.parameters())) {
            return dir;
        }
        log.accept("generating " + dir + " (" + generator.parameters() + ")");
        long start = System.nanoTime();
        Files.deleteIfExists(marker);
        FileTree.deleteOrThrow(dir);
        Path tmp = dataDir.resolve(generator.name() + ".tmp");
        FileTree.deleteOrThrow(tmp);
        Files.createDirectories(tmp);
        generator.writeTo(tmp);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(marker, generator.parameters());
        log.accept(String.format("generated %s in %.1f s", generator.name(), (System.nanoTime() - start) / 1e9));
        return dir;
    }
}
