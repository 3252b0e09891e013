package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.json.Json;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in apps on the local cloud, each compared with a straightforward sequential computation,
 * for several reducer counts and split sizes (including splits much smaller than a file, so that
 * lines cross split boundaries).
 */
class BuiltInAppsTest {
    /** The course's classic inputs, present where ../shared exists (CI, the dev machine). */
    static final Path GUTENBERG = Path.of(
                    System.getProperty("gristmill.home", ".."), "..", "shared", "data", "gutenberg")
            .normalize();

    @TempDir
    static Path tmp;

    static JobClient client;
    static List<Path> docs;
    static Map<String, Path> docsByName = new TreeMap<>();

    @BeforeAll
    static void upload() throws Exception {
        client = SharedCloud.client();
        docs = Corpus.write(tmp.resolve("docs"), 4, 1500, 7);
        client.upload("uploads/apps/", List.of(tmp.resolve("docs")));
        for (Path d : docs) docsByName.put("docs/" + d.getFileName(), d);
    }

    @ParameterizedTest(name = "R={0}, split={1} bytes")
    @CsvSource({"1, 67108864", "4, 5000", "7, 999"})
    void wordCountAndIndexerOnGeneratedText(int reducers, long splitSize) throws Exception {
        String tag = "gen-" + reducers + "-" + splitSize;
        JobRecord wc = Jobs.runOk(
                client,
                "wc-" + tag,
                Jobs.spec(
                        "wordcount",
                        List.of("uploads/apps/"),
                        "output/wc-" + tag + "/",
                        reducers,
                        splitSize,
                        Map.of()));
        List<List<String>> parts = Jobs.parts(client, wc, tmp.resolve("wc-" + tag));
        assertEquals(reducers, parts.size());
        Jobs.assertSortedKeys(parts, true);
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(parts));

        JobRecord ix = Jobs.runOk(
                client,
                "ix-" + tag,
                Jobs.spec(
                        "indexer", List.of("uploads/apps/"), "output/ix-" + tag + "/", reducers, splitSize, Map.of()));
        List<List<String>> ixParts = Jobs.parts(client, ix, tmp.resolve("ix-" + tag));
        Jobs.assertSortedKeys(ixParts, true);
        Jobs.assertSameLines(Oracle.index(docsByName), Jobs.sortedLines(ixParts));
    }

    @ParameterizedTest(name = "Gutenberg, R={0}, split={1} bytes")
    @CsvSource({"1, 67108864", "3, 65536", "10, 20000"})
    void wordCountAndIndexerOnGutenberg(int reducers, long splitSize) throws Exception {
        assumeTrue(
                Files.isDirectory(GUTENBERG),
                "skipped: the Gutenberg books are not here (" + GUTENBERG
                        + "); they live in ../shared, which a user's clone does not have");
        List<Path> books;
        try (Stream<Path> s = Files.list(GUTENBERG)) {
            books = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        String prefix = "uploads/gutenberg/";
        if (client.outputKeys(prefix).isEmpty()) client.upload(prefix, List.of(GUTENBERG));
        Map<String, Path> byName = new TreeMap<>();
        for (Path b : books) byName.put("gutenberg/" + b.getFileName(), b);
        String tag = "gb-" + reducers + "-" + splitSize;

        JobRecord wc = Jobs.runOk(
                client,
                "wc-" + tag,
                Jobs.spec("wordcount", List.of(prefix), "output/wc-" + tag + "/", reducers, splitSize, Map.of()));
        List<List<String>> parts = Jobs.parts(client, wc, tmp.resolve("wc-" + tag));
        Jobs.assertSortedKeys(parts, true);
        Jobs.assertSameLines(Oracle.wordCount(books), Jobs.sortedLines(parts));

        JobRecord ix = Jobs.runOk(
                client,
                "ix-" + tag,
                Jobs.spec("indexer", List.of(prefix), "output/ix-" + tag + "/", reducers, splitSize, Map.of()));
        Jobs.assertSameLines(Oracle.index(byName), Jobs.sortedLines(Jobs.parts(client, ix, tmp.resolve("ix-" + tag))));
    }

    @Test
    void grepEmitsMatchingLinesKeyedBySourceAndOffset() throws Exception {
        String pattern = "river.*(Mill|zebra)|^$";
        JobRecord job = Jobs.runOk(
                client,
                "grep",
                Jobs.spec("grep", List.of("uploads/apps/"), "output/grep/", 3, 4000, Map.of("pattern", pattern)));
        List<List<String>> parts = Jobs.parts(client, job, tmp.resolve("grep"));
        Jobs.assertSortedKeys(parts, true);
        List<String> expected = Oracle.grep(docsByName, pattern);
        assertTrue(expected.size() > 100, "the pattern matches many lines");
        Jobs.assertSameLines(expected, Jobs.sortedLines(parts));
    }

    @Test
    void sortMakesPartsThatConcatenateToTheSortedInputWithDuplicates() throws Exception {
        Path dir = tmp.resolve("sort-in");
        Files.createDirectories(dir);
        java.util.Random r = new java.util.Random(3);
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 4000; i++) {
                sb.append(Long.toString(r.nextLong(1L << 40), 36))
                        .append(r.nextInt(10) == 0 ? " \u00e9t\u00e9" : "")
                        .append('\n');
                if (i % 97 == 0) sb.append("duplicate line\n");
            }
            Path p = dir.resolve("part" + f + ".txt");
            Files.writeString(p, sb.toString());
            files.add(p);
        }
        client.upload("uploads/sort/", List.of(dir));
        JobRecord job = Jobs.runOk(
                client, "sort", Jobs.spec("sort", List.of("uploads/sort/"), "output/sort/", 5, 20_000, Map.of()));
        List<List<String>> parts = Jobs.parts(client, job, tmp.resolve("sort"));
        assertEquals(5, parts.size());
        List<String> concatenated = new ArrayList<>();
        parts.forEach(concatenated::addAll);
        Jobs.assertSameLines(Oracle.sort(files), concatenated);
        for (List<String> part : parts) assertTrue(part.size() > 1000, "sampled split points balance the parts");
    }

    @Test
    void aGzipObjectIsReadWholeBesideSplitPlainText() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("gz"));
        Path plain = Files.copy(docs.get(1), dir.resolve("plain.txt"));
        Path gz = dir.resolve("packed.txt.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(docs.get(2), out);
        }
        client.upload("uploads/gz/", List.of(dir));
        JobRecord job = Jobs.runOk(
                client, "gz", Jobs.spec("wordcount", List.of("uploads/gz/"), "output/gz/", 2, 3000, Map.of()));
        long plainSplits = (Files.size(plain) + 2999) / 3000;
        assertEquals(plainSplits + 1, job.maps(), "the gzip object is one split, the plain one many");
        Jobs.assertSameLines(
                Oracle.wordCount(List.of(docs.get(1), docs.get(2))),
                Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("gz-out"))));
    }

    @Test
    void emptyInputGivesEmptyPartsAndSuccess() throws Exception {
        Path empty = tmp.resolve("empty.txt");
        Files.writeString(empty, "");
        client.upload("uploads/empty/", List.of(empty));
        JobRecord job = Jobs.runOk(
                client, "empty", Jobs.spec("wordcount", List.of("uploads/empty/"), "output/empty/", 2, 0, Map.of()));
        assertEquals(0, job.maps());
        List<List<String>> parts = Jobs.parts(client, job, tmp.resolve("empty"));
        assertEquals(List.of(List.of(), List.of()), parts);
    }

    @Test
    void anObjectUploadedUnderInputAppStartsAJobWithTheStackDefaults() throws Exception {
        Path doc = docs.get(0);
        String key = "input/wordcount/" + doc.getFileName();
        client.upload("input/wordcount/", List.of(doc));
        String jobId = client.awaitJobId(key, Duration.ofSeconds(30));
        JobRecord job = client.await(jobId, Duration.ofSeconds(120), j -> {});
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        assertEquals(4, job.reducers(), "the stack's default R");
        assertEquals("output/" + jobId + "/", JobClient.outputPrefix(job));
        Jobs.assertSameLines(
                Oracle.wordCount(List.of(doc)), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("input-app"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSummaryCountsTasksAttemptsAndRecords() throws Exception {
        JobRecord job = Jobs.runOk(
                client,
                "summary",
                Jobs.spec("wordcount", List.of("uploads/apps/"), "output/summary/", 2, 20_000, Map.of()));
        Map<String, Object> s =
                Json.parseObject(client.read("output/summary/_JOB.json").orElseThrow());
        assertEquals("SUCCEEDED", s.get("status"));
        int maps = ((Number) s.get("maps")).intValue();
        assertEquals(job.maps(), maps);
        assertEquals(maps + 2, ((List<Object>) s.get("tasks")).size());
        assertEquals(maps + 2, ((Number) s.get("attempts")).intValue(), "no faults: one attempt per task");
        Map<String, Object> counters = (Map<String, Object>) s.get("counters");
        long lines = 0;
        for (Path d : docs) lines += Oracle.lines(d).size();
        assertEquals(lines, ((Number) counters.get("map.input.records")).longValue());
        long bytes = 0;
        for (Path d : docs) bytes += Files.size(d);
        assertEquals(bytes, ((Number) counters.get("map.input.bytes")).longValue());
        assertEquals(
                (long) Oracle.wordCount(docs).size(), ((Number) counters.get("reduce.output.records")).longValue());
        Map<String, Object> task = (Map<String, Object>) ((List<Object>) s.get("tasks")).get(0);
        Map<String, Object> attempt = (Map<String, Object>) ((List<Object>) task.get("attempts")).get(0);
        assertEquals("committed", attempt.get("outcome"));
        assertTrue(attempt.containsKey("worker") && attempt.containsKey("start") && attempt.containsKey("end"));
    }
}
