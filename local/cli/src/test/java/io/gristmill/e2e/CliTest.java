package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grist run} as a user types it: its own local cloud, output copied into a folder. */
class CliTest {
    @TempDir
    Path tmp;

    private static List<String> parts(Path out) throws Exception {
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-r-"))
                    .sorted()
                    .toList()) {
                lines.addAll(Oracle.lines(p));
            }
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void runWordCountIntoAFolderAndPrintASummary() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("books"), 2, 800, 21);
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run(
                "run",
                "wordcount",
                "--input",
                tmp.resolve("books").toString(),
                "--output",
                out.toString(),
                "--reducers",
                "3",
                "--split-size",
                "8KB");
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("SUCCEEDED"), r.out());
        assertTrue(
                r.out().matches("(?s).*SUCCEEDED in [0-9.]+ m?s \\(the job itself: [0-9.]+ m?s\\).*"),
                "both times written alike: " + r.out());
        assertTrue(r.out().contains("map, 3 reduce"), r.out());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertTrue(Files.exists(out.resolve("_JOB.json")));
        assertTrue(Files.exists(out.resolve("part-r-00002")));
        Jobs.assertSameLines(Oracle.wordCount(docs), parts(out));
    }

    @Test
    void runAUsersJarWithTheirOwnMapperAndReducer() throws Exception {
        Path jar = UserJobJar.build(tmp.resolve("jar"));
        List<Path> docs = Corpus.write(tmp.resolve("logs"), 3, 500, 22);
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run(
                "run",
                "--jar",
                jar.toString(),
                "--mapper",
                UserJobJar.MAPPER,
                "--reducer",
                UserJobJar.REDUCER,
                "--combiner",
                UserJobJar.REDUCER,
                "--param",
                "bucket=7",
                "--input",
                docs.get(0).toString(),
                "--input",
                docs.get(1).toString(),
                "--input",
                docs.get(2).toString(),
                "--output",
                out.toString(),
                "--reducers",
                "2");
        assertEquals(0, r.code(), () -> r.out() + r.err());
        Jobs.assertSameLines(UserJobJar.expected(docs, 7), parts(out));
    }
}
