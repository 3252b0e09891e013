package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.json.Json;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets one clear message that names the problem and the fix, and loses nothing: on the
 * command line before anything starts (exit code 2), and on the cloud as a FAILED job whose reason
 * is in the table and in _JOB.json.
 */
class BadInputTest {
    @TempDir
    static Path tmp;

    static Path doc;
    static JobClient client;

    @BeforeAll
    static void setUp() throws Exception {
        doc = Corpus.write(tmp.resolve("in"), 1, 50, 3).get(0);
        client = SharedCloud.client();
        client.upload("uploads/bad/", List.of(doc));
    }

    private static String cliError(String... args) throws Exception {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(2, r.code(), () -> "exit code 2 for a usage error; stdout: " + r.out() + " stderr: " + r.err());
        assertTrue(r.err().startsWith("grist: "), r.err());
        return r.err();
    }

    @Test
    void theCommandLineRejectsBadInputBeforeStartingAnything() throws Exception {
        String in = doc.toString();
        String out = tmp.resolve("out-" + System.nanoTime()).toString();
        assertTrue(cliError("run", "wordcount", "--input", "nope.txt", "--output", out)
                .contains("input 'nope.txt' does not exist"));
        assertTrue(cliError("run", "wrodcount", "--input", in, "--output", out).contains("Did you mean 'wordcount'?"));
        assertTrue(cliError("run", "wordcount", "--input", in, "--output", out, "--reducers", "0")
                .contains("--reducers must be at least 1"));
        assertTrue(cliError("run", "wordcount", "--input", in, "--output", out, "--reducers", "two")
                .contains("whole number"));
        assertTrue(cliError("run", "wordcount", "--input", in, "--output", out, "--split-size", "big")
                .contains("--split-size"));
        assertTrue(cliError("run", "wordcount", "--input", in).contains("needs --output"));
        assertTrue(cliError("run", "wordcount", "--output", out).contains("at least one --input"));
        assertTrue(cliError("run", "--input", in, "--output", out).contains("name an app"));
        assertTrue(cliError("run", "grep", "--input", in, "--output", out).contains("needs the parameter 'pattern'"));
        assertTrue(cliError("run", "grep", "--param", "pattern=(oops", "--input", in, "--output", out)
                .contains("not a valid Java regex"));
        assertTrue(cliError("run", "wordcount", "--param", "novalue", "--input", in, "--output", out)
                .contains("KEY=VALUE"));
        assertTrue(cliError("run", "wordcount", "--inptu", in, "--output", out).contains("unknown option --inptu"));
        assertTrue(cliError(
                        "run",
                        "--jar",
                        tmp.resolve("missing.jar").toString(),
                        "--mapper",
                        "a.B",
                        "--reducer",
                        "a.C",
                        "--input",
                        in,
                        "--output",
                        out)
                .contains("does not exist"));
        Path emptyDir = Files.createDirectories(tmp.resolve("empty-dir"));
        assertTrue(cliError("run", "wordcount", "--input", emptyDir.toString(), "--output", out)
                .contains("contains no files"));
        assertFalse(Files.exists(Path.of(out)), "nothing was written");
    }

    @Test
    void anUnknownClassIsNamedWithTheFix() throws Exception {
        Path jar = UserJobJar.build(tmp.resolve("job-jar"));
        String err = cliError(
                "run",
                "--jar",
                jar.toString(),
                "--mapper",
                "com.acme.Nope",
                "--reducer",
                UserJobJar.REDUCER,
                "--input",
                doc.toString(),
                "--output",
                tmp.resolve("o").toString());
        assertTrue(err.contains("mapper class 'com.acme.Nope' was not found"), err);
        assertTrue(err.contains("--jar"), err);
    }

    @Test
    void anOutputFolderThatHoldsFilesIsNeverOverwritten() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Path precious = Files.writeString(out.resolve("results.txt"), "keep me");
        String err = cliError("run", "wordcount", "--input", doc.toString(), "--output", out.toString());
        assertTrue(err.contains("already exists and is not empty"), err);
        assertEquals("keep me", Files.readString(precious));
        assertEquals(1, Files.list(out).count());
    }

    /** A job the coordinator rejects fails at once, and says why where the user looks. */
    private static JobRecord failedJob(String name, String manifest, String expectedText) throws Exception {
        return failedJob(name, manifest, expectedText, null);
    }

    private static JobRecord failedJob(
            String name,
            String manifest,
            String expectedText,
            java.util.function.Function<JobRecord, String> summaryPrefix)
            throws Exception {
        String key = client.submitManifest(name, manifest);
        String jobId = client.awaitJobId(key, Duration.ofSeconds(30));
        JobRecord job = client.await(jobId, Duration.ofSeconds(60), j -> {});
        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(job.error().contains(expectedText), () -> "error was: " + job.error());
        String output = summaryPrefix != null ? summaryPrefix.apply(job) : JobClient.outputPrefix(job);
        Map<String, Object> summary =
                Json.parseObject(client.read(output + "_JOB.json").orElseThrow());
        assertEquals("FAILED", summary.get("status"));
        assertEquals(job.error(), summary.get("error"));
        assertTrue(client.read(output + "_SUCCESS").isEmpty(), "a failed job has no _SUCCESS");
        return job;
    }

    @Test
    void badManifestsUploadedToTheBucketFailTheirJobWithTheReason() throws Exception {
        JobRecord syntax = failedJob(
                "bad-json", "{\"app\": \"wordcount\",\n  \"input\": [\"uploads/bad/\",]\n}", "not valid JSON");
        assertTrue(syntax.error().contains("line 2"), syntax.error());
        failedJob(
                "bad-field",
                "{\"app\": \"wordcount\", \"input\": \"uploads/bad/\", \"reducer\": 3}",
                "\"reducer\" must be a string");
        failedJob(
                "bad-mix",
                "{\"app\": \"wordcount\", \"input\": \"uploads/bad/\", \"reducer\": \"a.B\"}",
                "either an app");
        failedJob(
                "bad-unknown",
                "{\"app\": \"wordcount\", \"input\": \"uploads/bad/\", \"redcers\": 3}",
                "unknown field 'redcers'");
        failedJob("bad-app", "{\"app\": \"wordcont\", \"input\": \"uploads/bad/\"}", "unknown app 'wordcont'");
        failedJob("bad-r", "{\"app\": \"wordcount\", \"input\": \"uploads/bad/\", \"reducers\": 0}", "at least 1");
        failedJob(
                "bad-class",
                "{\"mapper\": \"com.acme.Missing\", \"reducer\": \"io.gristmill.apps.SumReducer\","
                        + " \"input\": \"uploads/bad/\"}",
                "mapper class 'com.acme.Missing' was not found");
        failedJob(
                "bad-input",
                "{\"app\": \"wordcount\", \"input\": \"uploads/nothing-here/\"}",
                "input 'uploads/nothing-here/' matched no objects");
        failedJob(
                "bad-regex",
                "{\"app\": \"grep\", \"input\": \"uploads/bad/\", \"params\": {\"pattern\": \"[a-\"}}",
                "not a valid Java regex");
    }

    @Test
    void aJobNeverWritesIntoAnOutputPrefixThatHoldsData() throws Exception {
        client.upload("output/occupied/", List.of(doc));
        JobRecord job = failedJob(
                "occupied",
                "{\"app\": \"wordcount\", \"input\": \"uploads/bad/\", \"output\": \"output/occupied/\"}",
                "already has objects",
                j -> "output/" + j.jobId() + "/");
        assertEquals(
                List.of("output/occupied/" + doc.getFileName()),
                client.outputKeys("output/occupied/"),
                "the existing data is untouched, and no _JOB.json is added there");
        assertEquals(JobStatus.FAILED, job.status());
    }

    @Test
    void dataUploadedDirectlyUnderInputNamesNoAppAndFails() throws Exception {
        client.upload("input/", List.of(doc));
        String key = "input/" + doc.getFileName();
        String jobId = client.awaitJobId(key, Duration.ofSeconds(30));
        JobRecord job = client.await(jobId, Duration.ofSeconds(30), j -> {});
        assertEquals(JobStatus.FAILED, job.status());
        assertTrue(job.error().contains("input/<app>/"), job.error());
    }
}
