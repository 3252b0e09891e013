package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.local.LocalCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grist submit, status, wait and fetch as a user runs them against a deployed stack, here the local
 * cloud reached through endpoint overrides, and CloudFormation's DescribeStacks for --stack.
 */
class StackCommandsTest {
    private static final Pattern STARTED = Pattern.compile("job (\\S+) started");

    private static LocalCloud cloud;
    private static FakeCloudFormation cloudFormation;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        cloud = SharedCloud.get();
        cloudFormation = new FakeCloudFormation();
        cloudFormation.put("gristmill", "UPDATE_COMPLETE", cloud.stack().stack().outputs());
        cloudFormation.put("broken", "ROLLBACK_COMPLETE", Map.of());
    }

    @AfterAll
    static void stop() {
        cloudFormation.close();
    }

    /** The endpoints of the emulators, as a user would pass LocalStack's. */
    private static List<String> endpoints() {
        Map<String, String> env = cloud.clientEnvironment();
        return List.of(
                "--endpoint-url",
                "s3=" + env.get("AWS_ENDPOINT_URL_S3"),
                "--endpoint-url",
                "dynamodb=" + env.get("AWS_ENDPOINT_URL_DYNAMODB"),
                "--endpoint-url",
                "cloudformation=" + cloudFormation.endpoint(),
                "--region",
                "us-east-1");
    }

    private static CliRunner.Result grist(String... args) throws Exception {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(endpoints());
        return CliRunner.run(all.toArray(String[]::new));
    }

    private static String jobId(CliRunner.Result submitted) {
        Matcher m = STARTED.matcher(submitted.out());
        assertTrue(m.find(), submitted.out() + submitted.err());
        return m.group(1);
    }

    @Test
    void submitWaitStatusAndFetchAWordCountByStackName() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("books"), 3, 600, 31);
        CliRunner.Result submitted = grist(
                "submit",
                "wordcount",
                "--input",
                tmp.resolve("books").toString(),
                "--reducers",
                "3",
                "--split-size",
                "8KB",
                "--name",
                "stack-wc",
                "--stack",
                "gristmill");
        assertEquals(0, submitted.code(), submitted.out() + submitted.err());
        assertTrue(
                submitted.out().contains("uploaded 3 files to s3://" + cloud.bucket() + "/uploads/stack-wc/"),
                submitted.out());
        String job = jobId(submitted);
        assertTrue(job.startsWith("stack-wc-"), job);

        CliRunner.Result waited = grist("wait", job, "--stack", "gristmill");
        assertEquals(0, waited.code(), waited.out() + waited.err());
        assertTrue(waited.out().contains("job " + job + " SUCCEEDED"), waited.out());

        CliRunner.Result listed = grist("status", "--stack", "gristmill");
        assertEquals(0, listed.code(), listed.err());
        assertTrue(
                listed.out().lines().anyMatch(l -> l.startsWith(job) && l.contains("SUCCEEDED") && l.contains("3/3")),
                listed.out());
        // A job can be named by its name when one recent job has it.
        CliRunner.Result detail = grist("status", "stack-wc", "--stack", "gristmill");
        assertEquals(0, detail.code(), detail.err());
        assertTrue(detail.out().contains("status     SUCCEEDED"), detail.out());
        assertTrue(detail.out().contains("reduces    3/3 committed"), detail.out());

        Path out = tmp.resolve("out");
        CliRunner.Result fetched = grist("fetch", job, out.toString(), "--stack", "gristmill");
        assertEquals(0, fetched.code(), fetched.out() + fetched.err());
        assertTrue(Files.exists(out.resolve("_SUCCESS")) && Files.exists(out.resolve("_JOB.json")));
        Jobs.assertSameLines(Oracle.wordCount(docs), partLines(out));
    }

    @Test
    void submitDataAlreadyInTheBucketQuietlyAndWait() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("data"), 1, 300, 32);
        SharedCloud.client().upload("datasets/stack-grep/", docs);
        CliRunner.Result r = grist(
                "submit",
                "grep",
                "--param",
                "pattern=river",
                "--input",
                "s3://" + cloud.bucket() + "/datasets/stack-grep/",
                "--output",
                "results/stack-grep/",
                "--quiet",
                "--wait",
                "--bucket",
                cloud.bucket(),
                "--table",
                cloud.table());
        assertEquals(0, r.code(), r.out() + r.err());
        String job = r.out().lines().findFirst().orElseThrow();
        assertTrue(job.matches("grep-\\d{8}-\\d{6}-[0-9a-f]{8}"), r.out());
        assertTrue(r.out().contains("SUCCEEDED; output in s3://" + cloud.bucket() + "/results/stack-grep/"), r.out());
    }

    @Test
    void aJobThatFailsIsReportedByWaitAndFetch() throws Exception {
        Path manifest = tmp.resolve("missing-input.json");
        Files.writeString(manifest, "{\"app\": \"wordcount\", \"input\": [\"nowhere/at/all/\"]}");
        CliRunner.Result submitted = grist(
                "submit",
                "--manifest",
                manifest.toString(),
                "--name",
                "stack-missing",
                "--bucket",
                cloud.bucket(),
                "--table",
                cloud.table());
        assertEquals(0, submitted.code(), submitted.out() + submitted.err());
        String job = jobId(submitted);

        CliRunner.Result waited = grist("wait", job, "--bucket", cloud.bucket(), "--table", cloud.table());
        assertEquals(1, waited.code(), waited.out());
        assertTrue(waited.out().contains("FAILED: input 'nowhere/at/all/' matched no objects"), waited.out());

        Path out = tmp.resolve("failed");
        CliRunner.Result fetched =
                grist("fetch", job, out.toString(), "--bucket", cloud.bucket(), "--table", cloud.table());
        assertEquals(1, fetched.code(), fetched.out());
        assertTrue(Files.readString(out.resolve("_JOB.json")).contains("matched no objects"));
    }

    @Test
    void problemsFoundBeforeUploadingAnythingAreUsageErrors() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(dir.resolve("a.txt"), "a\n");
        String table = cloud.table();
        String bucket = cloud.bucket();
        assertUsage(grist("submit", "wordcount", "--input", dir.toString()), "which stack?");
        assertUsage(
                grist(
                        "submit",
                        "wordcount",
                        "--input",
                        dir.toString(),
                        "--stack",
                        "gristmill",
                        "--bucket",
                        bucket,
                        "--table",
                        table),
                "either --stack or --bucket");
        assertUsage(grist("status", "--stack", "nope"), "there is no stack named nope in us-east-1");
        assertUsage(grist("status", "--stack", "broken"), "stack broken is ROLLBACK_COMPLETE");
        assertUsage(
                grist("submit", "wordcont", "--input", dir.toString(), "--stack", "gristmill"),
                "unknown app 'wordcont'");
        // Checked before any request: no endpoint, no credentials needed to learn of a typo.
        assertUsage(
                CliRunner.run(
                        "submit",
                        "wordcont",
                        "--input",
                        dir.toString(),
                        "--stack",
                        "anywhere",
                        "--region",
                        "eu-west-1"),
                "unknown app 'wordcont'");
        assertUsage(
                grist("submit", "grep", "--input", dir.toString(), "--stack", "gristmill"),
                "needs the parameter 'pattern'");
        assertUsage(
                grist("submit", "wordcount", "--input", "s3://someone-elses-bucket/x", "--stack", "gristmill"),
                "is not in the stack's bucket");
        assertUsage(
                grist("submit", "wordcount", "--input", "s3://" + bucket + "/no/such/key", "--stack", "gristmill"),
                "nothing in the stack's bucket at");
        assertUsage(grist("status", "no-such-job", "--stack", "gristmill"), "no job no-such-job in stack gristmill");
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        assertUsage(grist("fetch", "whatever", full.toString(), "--stack", "gristmill"), "is not empty");
        // Nothing was uploaded for the refused submissions.
        assertFalse(SharedCloud.client().read("jobs/wordcont.json").isPresent());
    }

    private static void assertUsage(CliRunner.Result r, String message) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    }

    private static List<String> partLines(Path out) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-r-"))
                    .sorted()
                    .toList()) {
                lines.addAll(Oracle.lines(p));
            }
        }
        lines.sort(null);
        return lines;
    }
}
