package io.gristmill.bench.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs partitioned differently compare equal; a sort's order counts; engines' side files do not. */
class OutputDigestTest {
    @TempDir
    Path tmp;

    @Test
    void partitioningDoesNotMatterUnlessOrdered() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("part-r-00000"), "b\t2\nd\t1\n");
        Files.writeString(a.resolve("part-r-00001"), "a\t5\n");
        Files.writeString(a.resolve("_SUCCESS"), "");
        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(b.resolve("part-00000"), "a\t5\nb\t2\nd\t1\n");
        Files.writeString(b.resolve(".part-00000.crc"), "junk");
        assertEquals(OutputDigest.of(a, false), OutputDigest.of(b, false));
        assertEquals(3, OutputDigest.of(a, false).lines());
        assertNotEquals(OutputDigest.of(a, true), OutputDigest.of(b, true));
    }
}
