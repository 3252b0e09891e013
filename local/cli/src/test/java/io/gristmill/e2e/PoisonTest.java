package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.apps.Words;
import io.gristmill.engine.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record on which the map function always throws (the paper's section 4.6): without
 * skipBadRecords the task fails every attempt, lands in the dead-letter queue, and the job fails
 * with the record's location; with it, the job succeeds and reports the record it skipped.
 */
class PoisonTest {
    @TempDir
    Path tmp;

    private Path input() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(dir.resolve("good.txt"), "the mill grinds\nslowly but fine\n");
        Files.writeString(dir.resolve("bad.txt"), "all is well\nthis line is POISON to the mapper\nthe end\n");
        return dir;
    }

    @Test
    void aPoisonRecordFailsTheJobWithItsLocation() throws Exception {
        Path out = tmp.resolve("out");
        // In-JVM: the poison mapper is a test class, on this JVM's class path only (no --jar).
        CliRunner.Result r = CliRunner.run(
                "run",
                "--runtime",
                "in-jvm",
                "--mapper",
                "io.gristmill.e2e.jobs.PoisonMapper",
                "--reducer",
                "io.gristmill.apps.SumReducer",
                "--input",
                input().toString(),
                "--output",
                out.toString(),
                "--max-attempts",
                "2");
        assertEquals(1, r.code(), () -> r.out() + r.err());
        String message = r.out();
        assertTrue(message.contains("FAILED"), message);
        assertTrue(message.contains("task m-00000 failed 2 attempts"), message);
        assertTrue(message.contains("in/bad.txt at byte 12"), message);
        assertTrue(message.contains("IllegalStateException: cannot digest this line"), message);
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = Json.parseObject(Files.readString(out.resolve("_JOB.json")));
        assertEquals("FAILED", summary.get("status"));
        assertTrue(summary.get("error").toString().contains("in/bad.txt at byte 12"));
        assertTrue(
                !Files.exists(out.resolve("_SUCCESS")) && !Files.exists(out.resolve("part-r-00000")),
                "a failed job publishes nothing");
    }

    @Test
    void withSkipBadRecordsTheJobSucceedsAndReportsTheSkippedRecord() throws Exception {
        Path out = tmp.resolve("out");
        // In-JVM: the poison mapper is a test class, on this JVM's class path only (no --jar).
        CliRunner.Result r = CliRunner.run(
                "run",
                "--runtime",
                "in-jvm",
                "--mapper",
                "io.gristmill.e2e.jobs.PoisonMapper",
                "--reducer",
                "io.gristmill.apps.SumReducer",
                "--input",
                input().toString(),
                "--output",
                out.toString(),
                "--skip-bad-records",
                "--reducers",
                "1");
        assertEquals(0, r.code(), () -> r.out() + r.err());
        assertTrue(r.out().contains("skipped   1 bad records"), r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = Json.parseObject(Files.readString(out.resolve("_JOB.json")));
        List<?> skipped = (List<?>) summary.get("skipped");
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).toString().contains("in/bad.txt at byte 12"), skipped.toString());
        TreeMap<String, Long> expected = new TreeMap<>();
        for (String line : List.of("the mill grinds", "slowly but fine", "all is well", "the end")) {
            Words.forEach(line, w -> expected.merge(w, 1L, Long::sum));
        }
        List<String> lines = new ArrayList<>();
        expected.forEach((k, v) -> lines.add(k + "\t" + v));
        Jobs.assertSameLines(lines, Oracle.lines(out.resolve("part-r-00000")));
    }
}
