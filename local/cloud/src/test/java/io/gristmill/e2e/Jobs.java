package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Manifest;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Running a job through the stack's front door (a manifest upload) and reading what it wrote. */
final class Jobs {
    private Jobs() {}

    /** A manifest of a built-in app; 0 reducers or split size leave the stack's default. */
    static Manifest spec(
            String app, List<String> input, String output, int reducers, long splitSize, Map<String, String> params) {
        return Manifest.builder()
                .app(app)
                .input(input)
                .output(output)
                .reducers(reducers > 0 ? reducers : null)
                .splitSize(splitSize > 0 ? splitSize : null)
                .params(params)
                .build();
    }

    /** A manifest of classes of the tests' own. */
    static Manifest classes(
            String mapper, String reducer, List<String> input, String output, int reducers, long splitSize) {
        return Manifest.builder()
                .mapper(mapper)
                .reducer(reducer)
                .input(input)
                .output(output)
                .reducers(reducers)
                .splitSize(splitSize)
                .build();
    }

    static JobRecord run(JobClient client, String name, Manifest spec) throws InterruptedException {
        String key = client.submit(name, spec);
        String jobId = client.awaitJobId(key, Duration.ofSeconds(30));
        return client.await(jobId, Duration.ofSeconds(180), j -> {});
    }

    static JobRecord runOk(JobClient client, String name, Manifest spec) throws InterruptedException {
        JobRecord job = run(client, name, spec);
        assertEquals(JobStatus.SUCCEEDED, job.status(), () -> name + " failed: " + job.error());
        return job;
    }

    /** Each part's lines, part by part. */
    static List<List<String>> parts(JobClient client, JobRecord job, Path dir) throws Exception {
        String output = JobClient.outputPrefix(job);
        Map<String, Path> files = client.fetch(output, dir);
        List<List<String>> parts = new ArrayList<>();
        for (int r = 0; ; r++) {
            Path p = files.get(String.format("part-r-%05d", r));
            if (p == null) break;
            parts.add(Oracle.lines(p));
        }
        assertEquals(true, Files.exists(dir.resolve("_SUCCESS")), "_SUCCESS is written");
        return parts;
    }

    /** All lines of all parts, sorted: the order-free view of an output. */
    static List<String> sortedLines(List<List<String>> parts) {
        List<String> all = new ArrayList<>();
        parts.forEach(all::addAll);
        all.sort(null);
        return all;
    }

    /** Compares two outputs line by line, reporting the first difference rather than both lists. */
    static void assertSameLines(List<String> expected, List<String> actual) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError("line " + i + " differs: expected <" + expected.get(i) + "> but was <"
                        + actual.get(i) + "> (" + expected.size() + " lines expected, " + actual.size() + " found)");
            }
        }
        assertEquals(expected.size(), actual.size(), "number of lines");
    }

    /** Asserts every part's keys are in String order (each key once, unless duplicates are expected). */
    static void assertSortedKeys(List<List<String>> parts, boolean unique) {
        for (List<String> part : parts) {
            String previous = null;
            for (String line : part) {
                int tab = line.indexOf('\t');
                String key = tab < 0 ? line : line.substring(0, tab);
                if (previous != null) {
                    int c = previous.compareTo(key);
                    if (unique ? c >= 0 : c > 0) {
                        throw new AssertionError("keys out of order in a part: '" + previous + "' then '" + key + "'");
                    }
                }
                previous = key;
            }
        }
    }
}
