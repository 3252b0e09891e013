package io.gristmill.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobSpecTest {
    private static String error(String json) {
        return assertThrows(
                        JobSpecException.class,
                        () -> Manifest.parse(json, "jobs/x.json").toSpec("x-1", "x", 1, 1))
                .getMessage();
    }

    @Test
    void readsAManifestAndResolvesTheApp() throws Exception {
        Manifest manifest = Manifest.parse("""
                {"app": "wordcount", "input": ["books/"], "reducers": 4, "splitSize": "64KB",
                 "params": {"n": 3, "flag": true}}""", "jobs/x.json");
        assertEquals(Map.of("n", "3", "flag", "true"), manifest.params());
        assertEquals(manifest, Manifest.parse(manifest.toJson(), "again"), "a manifest survives its JSON");
        JobSpec done = manifest.toSpec("wc-1", "x", 2, 1 << 20);
        assertEquals("io.gristmill.apps.WordCountMapper", done.mapper());
        assertEquals(Optional.of("io.gristmill.apps.SumReducer"), done.combiner());
        assertEquals(Partitioning.HASH, done.partitioning());
        assertEquals(65536, done.splitSize());
        assertEquals("output/wc-1/", done.output());
        assertEquals(4, done.reducers());
        assertEquals(done, JobSpec.fromJson(done.toJson()), "a spec survives its JSON");
        assertEquals(List.of("books/"), done.input());
        JobSpec sorted = Manifest.parse("{\"app\": \"sort\", \"input\": \"a/\"}", "s")
                .toSpec("s-1", "s", 3, 100)
                .withPartitioning(new Partitioning.Range(List.of("g", "p")));
        assertEquals(sorted, JobSpec.fromJson(sorted.toJson()), "split points survive too");
        assertEquals(
                2,
                Manifest.parse("{\"app\": \"wordcount\", \"input\": \"a/\"}", "d")
                        .toSpec("d-1", "d", 2, 100)
                        .reducers(),
                "the stack's default R");
    }

    @Test
    void badManifestsSayWhatIsWrongAndHowToFixIt() {
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"reducer_count\": 3}")
                .contains("unknown field 'reducer_count'"));
        assertTrue(error("{\"app\": \"wrodcount\", \"input\": \"a/\"}").contains("unknown app 'wrodcount'"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"reducers\": 0}")
                .contains("at least 1"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"reducers\": \"four\"}")
                .contains("whole number"));
        assertTrue(error("{\"app\": \"grep\", \"input\": \"a/\"}").contains("needs the parameter 'pattern'"));
        assertTrue(error("{\"input\": \"a/\"}").contains("either an app"));
        assertTrue(error("{\"app\": \"wordcount\"}").contains("no input"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"output\": \"jobs/out/\"}")
                .contains("reserves"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"output\": \"a/b/\"}")
                .contains("overlaps"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"splitSize\": \"big\"}")
                .contains("64MB"));
        String syntax = error("{\"app\": \"wordcount\",\n \"input\": [\"a/\",]}");
        assertTrue(syntax.contains("not valid JSON") && syntax.contains("line 2"), syntax);
        assertTrue(error("[1,2]").contains("expected a JSON object"));
    }

    @Test
    void sizesAreParsedAsPeopleWriteThem() {
        assertEquals(65536, Sizes.parse("64KB"));
        assertEquals(64L << 20, Sizes.parse("64 MB"));
        assertEquals(64L << 20, Sizes.parse("64mib"));
        assertEquals(1536L << 20, Sizes.parse("1.5G"));
        assertEquals(100, Sizes.parse("100"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("64XB"));
        assertEquals("64.0 MB", Sizes.format(64L << 20));
        assertEquals("12 B", Sizes.format(12));
    }

    @Test
    void jobNamesAreMadeSafe() {
        assertEquals("my-job-v2", JobSpec.safeName("my job/v2"));
        assertEquals("job", JobSpec.safeName("///"));
    }
}
