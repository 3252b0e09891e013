package io.gristmill.engine.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecTest {
    private static String error(String json) {
        return assertThrows(JobSpecException.class, () -> JobSpec.fromManifest(json, "jobs/x.json").validate())
                .getMessage();
    }

    @Test
    void readsAManifestAndResolvesTheApp() throws Exception {
        JobSpec spec = JobSpec.fromManifest("""
                {"app": "wordcount", "input": ["books/"], "reducers": 4, "splitSize": "64KB",
                 "params": {"n": 3, "flag": true}}""", "jobs/x.json");
        assertEquals("io.gristmill.apps.WordCountMapper", spec.mapper());
        assertEquals("io.gristmill.apps.SumReducer", spec.combiner());
        assertEquals("hash", spec.partitioner());
        assertEquals(65536, spec.splitSize());
        assertEquals(Map.of("n", "3", "flag", "true"), spec.params());
        JobSpec done = spec.withId("wc-1").withDefaults(2, 1 << 20);
        assertEquals("output/wc-1/", done.output());
        assertEquals(4, done.reducers());
        assertEquals(done, JobSpec.fromJson(done.toJson()), "a spec survives its JSON");
        assertEquals(List.of("books/"), done.input());
    }

    @Test
    void badManifestsSayWhatIsWrongAndHowToFixIt() {
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"reducer_count\": 3}").contains("unknown field 'reducer_count'"));
        assertTrue(error("{\"app\": \"wrodcount\", \"input\": \"a/\"}").contains("unknown app 'wrodcount'"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"reducers\": 0}").contains("at least 1"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"reducers\": \"four\"}").contains("whole number"));
        assertTrue(error("{\"app\": \"grep\", \"input\": \"a/\"}").contains("needs the parameter 'pattern'"));
        assertTrue(error("{\"input\": \"a/\"}").contains("either an app"));
        assertTrue(error("{\"app\": \"wordcount\"}").contains("no input"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"output\": \"jobs/out/\"}").contains("reserves"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"output\": \"a/b/\"}").contains("overlaps"));
        assertTrue(error("{\"app\": \"wordcount\", \"input\": \"a/\", \"splitSize\": \"big\"}").contains("64MB"));
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
