package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import io.gristmill.client.StackRecord;
import io.gristmill.e2e.jobs.SlowMapper;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * grist up, down, deploy-jar and the --local commands as a user types them: the stack runs in the
 * background as a JVM of its own, and its state outlives it, even a kill -9.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GristUpTest {
    private static final Pattern STARTED = Pattern.compile("job (\\S+) started");

    @TempDir
    static Path dir;

    private static Path state;
    private static int port;
    private static String endpoint;

    @TempDir
    Path tmp;

    @BeforeAll
    static void paths() throws IOException {
        state = dir.resolve("stack");
        port = freePort();
        endpoint = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopWhatIsLeft() throws Exception {
        record().ifPresent(r -> ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroy));
        CliRunner.run("down", "--state", state.toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static CliRunner.Result up() throws Exception {
        return CliRunner.run(
                "up",
                "--port",
                Integer.toString(port),
                "--state",
                state.toString(),
                "--runtime",
                "in-jvm",
                "--concurrency",
                "2");
    }

    private static java.util.Optional<StackRecord> record() {
        return StackEndpoint.discover(URI.create(endpoint)).map(StackEndpoint::record);
    }

    private static StackEndpoint stack() {
        return StackEndpoint.discover(URI.create(endpoint))
                .orElseThrow(() -> new AssertionError("no stack at " + endpoint));
    }

    private static String jobId(CliRunner.Result submitted) {
        Matcher m = STARTED.matcher(submitted.out());
        assertTrue(m.find(), submitted.out() + submitted.err());
        return m.group(1);
    }

    @Test
    @Order(1)
    void upStartsTheStackInTheBackgroundAndSaysHowToReachIt() throws Exception {
        CliRunner.Result r = up();
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("the local stack is up"), r.out());
        assertTrue(r.out().contains("endpoint     " + endpoint), r.out());
        StackRecord record = record().orElseThrow();
        assertTrue(r.out().contains("bucket       " + record.bucket()), r.out());
        assertTrue(r.out().contains("region       us-east-1"), r.out());
        assertTrue(r.out().contains("credentials  any key works"), r.out());
        assertTrue(ProcessHandle.of(record.pid()).isPresent(), "a process of its own");
        assertFalse(record.pid() == ProcessHandle.current().pid());
        assertTrue(Files.isRegularFile(state.resolve("stack.log")));
    }

    @Test
    @Order(2)
    void upWhenOneRunsSaysSo() throws Exception {
        long pid = record().orElseThrow().pid();
        CliRunner.Result r = up();
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("already running: endpoint " + endpoint + ", pid " + pid), r.out());
    }

    @Test
    @Order(3)
    void aPortInUseOrAStateFolderThatCannotBeWrittenIsSaidPlainly() throws Exception {
        CliRunner.Result taken = CliRunner.run(
                "up",
                "--port",
                Integer.toString(port),
                "--state",
                dir.resolve("other").toString(),
                "--runtime",
                "in-jvm");
        assertEquals(3, taken.code(), taken.out() + taken.err());
        assertTrue(
                taken.out().contains("port " + port + " on 127.0.0.1 is in use by another Gristmill stack (pid "),
                taken.out());
        assertTrue(taken.out().contains("--port"), taken.out());
        assertFalse(taken.out().contains("\tat "), "no stack trace: " + taken.out());

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CliRunner.Result unwritable =
                CliRunner.run("up", "--state", file.resolve("stack").toString(), "--port", "0");
        assertEquals(2, unwritable.code(), unwritable.out() + unwritable.err());
        assertTrue(
                unwritable.err().contains("cannot write the state folder " + file.resolve("stack")), unwritable.err());
        assertTrue(unwritable.err().contains("--state DIR"), unwritable.err());
    }

    @Test
    @Order(4)
    void submitStatusWaitAndFetchReachTheStackByItsEndpoint() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("books"), 2, 400, 51);
        CliRunner.Result submitted = CliRunner.run(
                "submit",
                "wordcount",
                "--input",
                tmp.resolve("books").toString(),
                "--split-size",
                "8KB",
                "--name",
                "local-books",
                "--endpoint-url",
                endpoint);
        assertEquals(0, submitted.code(), submitted.out() + submitted.err());
        String job = jobId(submitted);
        CliRunner.Result waited = CliRunner.run("wait", job, "--endpoint-url", endpoint);
        assertEquals(0, waited.code(), waited.out() + waited.err());
        CliRunner.Result status = CliRunner.run("status", "--endpoint-url", endpoint);
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith(job) && l.contains("SUCCEEDED")), status.out());
        Path out = tmp.resolve("out");
        CliRunner.Result fetched = CliRunner.run("fetch", "local-books", out.toString(), "--endpoint-url", endpoint);
        assertEquals(0, fetched.code(), fetched.out() + fetched.err());
        Jobs.assertSameLines(Oracle.wordCount(docs), partLines(out));
        CliRunner.Result logs = CliRunner.run("logs", job, "--endpoint-url", endpoint);
        assertEquals(0, logs.code(), logs.out() + logs.err());
        assertTrue(logs.out().contains("MapFunction/"), logs.out());
    }

    @Test
    @Order(5)
    void runUsesTheRunningStack() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("run"), 1, 200, 52);
        String previous = System.getProperty("gristmill.local.endpoint");
        System.setProperty("gristmill.local.endpoint", endpoint);
        try {
            Path out = tmp.resolve("out");
            CliRunner.Result r = CliRunner.run(
                    "run",
                    "wordcount",
                    "--input",
                    docs.get(0).toString(),
                    "--output",
                    out.toString(),
                    "--name",
                    "run-on-stack");
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("using the local stack at " + endpoint), r.out());
            Jobs.assertSameLines(Oracle.wordCount(docs), partLines(out));
            assertTrue(
                    CliRunner.run("status", "--endpoint-url", endpoint).out().contains("run-on-stack"),
                    "the job is the stack's");
        } finally {
            System.setProperty("gristmill.local.endpoint", previous);
        }
    }

    @Test
    @Order(6)
    void deployJarAddsJobClassesWithoutARestart() throws Exception {
        Path jar = UserJobJar.build(tmp.resolve("jar"));
        List<Path> docs = Corpus.write(tmp.resolve("logs"), 2, 300, 53);
        String[] submit = {
            "submit",
            "--mapper",
            UserJobJar.MAPPER,
            "--reducer",
            UserJobJar.REDUCER,
            "--param",
            "bucket=5",
            "--input",
            tmp.resolve("logs").toString(),
            "--reducers",
            "2",
            "--wait",
            "--endpoint-url",
            endpoint,
            "--name"
        };
        CliRunner.Result before = CliRunner.run(with(submit, "lines-before"));
        assertEquals(1, before.code(), before.out() + before.err());
        assertTrue(before.out().contains(UserJobJar.MAPPER), before.out());

        CliRunner.Result deployed = CliRunner.run("deploy-jar", jar.toString(), "--endpoint-url", endpoint);
        assertEquals(0, deployed.code(), deployed.out() + deployed.err());
        assertTrue(deployed.out().contains("deployed my-job.jar"), deployed.out());
        assertTrue(Files.isRegularFile(state.resolve("jars/my-job.jar")), "kept in the state folder");

        CliRunner.Result after = CliRunner.run(with(submit, "lines-after"));
        assertEquals(0, after.code(), after.out() + after.err());
        Path out = tmp.resolve("out");
        assertEquals(
                0,
                CliRunner.run("fetch", "lines-after", out.toString(), "--endpoint-url", endpoint)
                        .code());
        Jobs.assertSameLines(UserJobJar.expected(docs, 5), partLines(out));

        Path notAJar = Files.writeString(tmp.resolve("notes.jar"), "not a zip");
        CliRunner.Result refused = CliRunner.run("deploy-jar", notAJar.toString(), "--endpoint-url", endpoint);
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("notes.jar is not a jar"), refused.err());
    }

    @Test
    @Order(7)
    void aJobWhoseStackWasKilledFinishesAfterUpWithTheSameOutput() throws Exception {
        Corpus.write(tmp.resolve("slow"), 4, 300, 54);
        String[] submit = {
            "submit",
            "--mapper",
            SlowMapper.class.getName(),
            "--reducer",
            "io.gristmill.apps.SumReducer",
            "--param",
            "sleepMs=500",
            "--split-size",
            "6KB",
            "--reducers",
            "3",
            "--input",
            tmp.resolve("slow").toString(),
            "--endpoint-url",
            endpoint,
            "--name"
        };
        CliRunner.Result submitted = CliRunner.run(with(submit, "killed"));
        assertEquals(0, submitted.code(), submitted.out() + submitted.err());
        String job = jobId(submitted);
        StackRecord record = record().orElseThrow();
        try (StackEndpoint stack = stack()) {
            JobRecord before = StackRestartTest.awaitMapsDone(stack.jobs(), job, 1);
            assertTrue(before.mapsDone() < before.maps(), "still mapping when killed: " + before);
        }
        ProcessHandle daemon = ProcessHandle.of(record.pid()).orElseThrow();
        daemon.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
        daemon.onExit().get(30, TimeUnit.SECONDS);

        CliRunner.Result down = CliRunner.run("down", "--state", state.toString());
        assertEquals(0, down.code(), down.out() + down.err());
        assertTrue(down.out().contains("pid " + record.pid() + " recorded there is gone"), down.out());

        CliRunner.Result up = up();
        assertEquals(0, up.code(), up.out() + up.err());
        try (StackEndpoint stack = stack()) {
            JobClient jobs = stack.jobs();
            JobRecord resumed = jobs.await(job, Duration.ofSeconds(180), j -> {});
            assertEquals(JobStatus.SUCCEEDED, resumed.status(), resumed::error);
            CliRunner.Result again = CliRunner.run(with(submit, "never-killed"));
            String fresh = jobId(again);
            JobRecord uninterrupted = jobs.await(fresh, Duration.ofSeconds(180), j -> {});
            assertEquals(JobStatus.SUCCEEDED, uninterrupted.status(), uninterrupted::error);
            StackRestartTest.assertSameOutput(jobs, resumed, uninterrupted);
        }
    }

    @Test
    @Order(8)
    void downStopsTheStackAndKeepsItsState() throws Exception {
        long pid = record().orElseThrow().pid();
        CliRunner.Result down = CliRunner.run("down", "--state", state.toString());
        assertEquals(0, down.code(), down.out() + down.err());
        assertTrue(down.out().contains("stopped the stack (pid " + pid + ")"), down.out());
        assertTrue(ProcessHandle.of(pid).isEmpty(), "the stack's process is gone");
        assertTrue(Files.isDirectory(state.resolve("s3")), "its state stays");
        CliRunner.Result again = CliRunner.run("down", "--state", state.toString());
        assertEquals(0, again.code());
        assertTrue(again.out().contains("no stack is running"), again.out());
        CliRunner.Result status = CliRunner.run("status", "--endpoint-url", endpoint);
        assertEquals(2, status.code());
        assertTrue(status.err().contains("no local stack answers at " + endpoint), status.err());
    }

    private static String[] with(String[] args, String last) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(last);
        return all.toArray(String[]::new);
    }

    private static List<String> partLines(Path out) throws IOException {
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
