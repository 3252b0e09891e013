package io.gristmill.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which local files a job reads and the names they get: decided, or refused, before anything runs. */
class LocalInputTest {
    @TempDir
    Path tmp;

    private Path file(String relative, String text) throws Exception {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static String problem(List<Path> inputs) {
        return assertThrows(LocalInput.Problem.class, () -> LocalInput.resolve(inputs))
                .getMessage();
    }

    @Test
    void namesAreKeptExactlySoABackslashNeverCollidesWithAFolder() throws Exception {
        file("in/a\\b.txt", "alpha beta\n");
        file("in/a/b.txt", "gamma delta\n");
        LocalInput input = LocalInput.resolve(List.of(tmp.resolve("in")));
        assertEquals(Set.of("in/a\\b.txt", "in/a/b.txt"), input.files().keySet());
        assertEquals(
                Set.of("up/in/a\\b.txt", "up/in/a/b.txt"),
                Set.copyOf(input.keys("up/").values()));
    }

    @Test
    void symbolicLinksAreFollowedAtTheTopAndInside() throws Exception {
        file("real/sub/f1.txt", "one\n");
        file("real/sub/f2.txt", "two\n");
        file("in/top.txt", "top\n");
        Files.createSymbolicLink(tmp.resolve("in/linked"), tmp.resolve("real/sub"));
        Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("real"));
        LocalInput inside = LocalInput.resolve(List.of(tmp.resolve("in")));
        assertEquals(
                Set.of("in/top.txt", "in/linked/f1.txt", "in/linked/f2.txt"),
                inside.files().keySet());
        LocalInput top = LocalInput.resolve(List.of(tmp.resolve("link")));
        assertEquals(Set.of("link/sub/f1.txt", "link/sub/f2.txt"), top.files().keySet());
    }

    @Test
    void aLinkThatLoopsOrPointsNowhereIsRefusedAndNamed() throws Exception {
        file("loop/x/a.txt", "a\n");
        Files.createSymbolicLink(tmp.resolve("loop/x/back"), tmp.resolve("loop"));
        String loop = problem(List.of(tmp.resolve("loop")));
        assertTrue(loop.contains("loops back") && loop.contains("back"), loop);

        file("broken/a.txt", "a\n");
        Files.createSymbolicLink(tmp.resolve("broken/gone"), tmp.resolve("nowhere"));
        String broken = problem(List.of(tmp.resolve("broken")));
        assertTrue(broken.contains("broken/gone") && broken.contains("does not exist"), broken);
    }

    @Test
    void onlyRegularFilesCanBeInput() throws Exception {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertTrue(problem(List.of(zero)).contains("'/dev/zero' is a character device, not a regular file"));
        Path fifo = tmp.resolve("in/pipe");
        Files.createDirectories(fifo.getParent());
        file("in/a.txt", "a\n");
        boolean made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        Assumptions.assumeTrue(made, "mkfifo is not available, so no named pipe to test with");
        String top = problem(List.of(fifo));
        assertTrue(top.contains("is a named pipe (FIFO), not a regular file"), top);
        String inside = problem(List.of(tmp.resolve("in")));
        assertTrue(inside.contains("in/pipe") && inside.contains("named pipe"), inside);
    }

    @Test
    void everyFileIsReadOnceByItsRealPathAndRepeatsAreSaid() throws Exception {
        Path a = file("books/a.txt", "one two\n");
        file("books/b.txt", "two three\n");
        LocalInput twice = LocalInput.resolve(List.of(a, a));
        assertEquals(Set.of("a.txt"), twice.files().keySet());
        assertEquals(1, twice.repeats().size(), twice.repeats().toString());

        Path books = tmp.resolve("books");
        Path sameBooks = tmp.resolve("books/../books/.");
        LocalInput folders = LocalInput.resolve(List.of(books, sameBooks, a));
        assertEquals(Set.of("books/a.txt", "books/b.txt"), folders.files().keySet());
        assertEquals(2, folders.repeats().size(), folders.repeats().toString());
    }

    @Test
    void aTabOrLineBreakInANameIsRefused() throws Exception {
        file("names/ok.txt", "x\n");
        file("names/t\tab.txt", "x\n");
        String message = problem(List.of(tmp.resolve("names")));
        assertTrue(message.contains("has a tab in its name"), message);
    }

    @Test
    void anEmptyFolderOrAMissingPathIsRefused() throws Exception {
        Files.createDirectories(tmp.resolve("empty"));
        assertTrue(problem(List.of(tmp.resolve("empty"))).contains("contains no files"));
        assertTrue(problem(List.of(tmp.resolve("missing.txt"))).contains("does not exist"));
    }
}
