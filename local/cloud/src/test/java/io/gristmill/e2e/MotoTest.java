package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.stack.StackServer;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * grist up --aws-endpoint on moto's server, an AWS emulator written by other people: the stack's bucket,
 * queues and table are provisioned there, moto's S3 delivers the event notifications, and only the
 * functions run here. Whole jobs must pass, started by an upload and by a manifest, through the edge.
 */
class MotoTest {
    @TempDir
    static Path state;

    private static Process moto;
    private static StackServer server;
    private static StackEndpoint stack;
    private static String unavailable;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Path executable = onPath("moto_server");
        if (executable == null) {
            unavailable = "skipped: moto_server is not on the PATH (pip install 'moto[server]' to run this test)";
            System.err.println("MotoTest " + unavailable);
            return;
        }
        int port = freePort();
        moto = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("moto.log").toFile())
                .start();
        awaitPort(port);
        long begin = System.nanoTime();
        server = StackServer.start(StackServer.Config.defaults(state.resolve("stack"))
                .withPort(0)
                .withRuntime(RuntimeMode.IN_JVM)
                .withConcurrency(2)
                .withAwsEndpoint(URI.create("http://127.0.0.1:" + port))
                .withLog(line -> {}));
        System.err.printf("MotoTest: stack on moto up in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        stack = StackEndpoint.discover(server.endpoint()).orElseThrow();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (stack != null) stack.close();
        if (server != null) server.close();
        if (moto != null) {
            moto.destroy();
            if (!moto.waitFor(10, TimeUnit.SECONDS)) moto.destroyForcibly();
        }
    }

    @BeforeEach
    void requireMoto() {
        assumeTrue(unavailable == null, unavailable);
    }

    @Test
    void theStacksResourcesAreMotosAndItsRecordSaysSo() {
        assertTrue(
                stack.record().backend().startsWith("http://127.0.0.1:"),
                stack.record().backend());
        // moto's account, not the emulators': the queues were created there.
        assertTrue(
                stack.sqs().listQueues().queueUrls().stream().anyMatch(u -> u.contains("/123456789012/gristmill-map")),
                () -> stack.sqs().listQueues().queueUrls().toString());
    }

    @Test
    void aWholeJobStartedByAManifestPassesOnMoto() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("books"), 3, 400, 61);
        JobClient jobs = stack.jobs();
        jobs.upload("data/moto/", docs);
        Manifest spec = Jobs.spec("wordcount", List.of("data/moto/"), null, 3, 8192, Map.of());
        long begin = System.nanoTime();
        JobRecord job = Jobs.runOk(jobs, "on-moto", spec);
        System.err.printf(
                "MotoTest: %d map and %d reduce tasks in %d ms%n",
                job.maps(), job.reducers(), (System.nanoTime() - begin) / 1_000_000);
        assertTrue(jobs.read(JobClient.outputPrefix(job) + "_SUCCESS").isPresent());
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(jobs, job, tmp.resolve("out"))));
    }

    @Test
    void anUploadToInputStartsAJobOnMoto() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("one"), 1, 300, 62);
        String key = "input/wordcount/moto-book.txt";
        stack.s3().putObject(b -> b.bucket(stack.bucket()).key(key), RequestBody.fromFile(docs.get(0)));
        JobClient jobs = stack.jobs();
        String jobId = jobs.awaitJobId(key, Duration.ofSeconds(60));
        JobRecord job = jobs.await(jobId, Duration.ofSeconds(180), j -> {});
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(jobs, job, tmp.resolve("out"))));
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!moto.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(state.resolve("moto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("moto_server did not listen on " + port + " within 60 s");
    }
}
