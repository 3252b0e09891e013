package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import io.gristmill.e2e.jobs.SlowMapper;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.stack.StackServer;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * grist down, then grist up: the stack's objects, table and queues are kept, and a job that was running
 * when the stack stopped finishes after it starts again, with the output of a run that was never stopped.
 * (The kill -9 case runs the stack as a process of its own: GristUpTest in local/cli.)
 */
class StackRestartTest {
    @TempDir
    Path tmp;

    private StackServer start(Path state) throws Exception {
        return StackServer.start(StackServer.Config.defaults(state)
                .withPort(0)
                .withRuntime(RuntimeMode.IN_JVM)
                .withConcurrency(2)
                .withLog(line -> {}));
    }

    @Test
    void aStopKeepsEverythingAndARunningJobFinishesAfterTheRestart() throws Exception {
        Path state = tmp.resolve("state");
        List<Path> docs = Corpus.write(tmp.resolve("books"), 4, 300, 41);
        Manifest spec = Manifest.builder()
                .mapper(SlowMapper.class.getName())
                .reducer("io.gristmill.apps.SumReducer")
                .input(List.of("data/restart/"))
                .reducers(3)
                .splitSize(4096L)
                .params(Map.of("sleepMs", "700"))
                .build();
        String jobId;
        String inFlight;
        String queueUrl;
        try (StackServer server = start(state);
                StackEndpoint stack = StackEndpoint.discover(server.endpoint()).orElseThrow()) {
            JobClient jobs = stack.jobs();
            jobs.upload("data/restart/", docs);
            stack.s3().putObject(b -> b.bucket(stack.bucket()).key("kept/note.txt"), RequestBody.fromString("kept"));
            queueUrl = stack.sqs().createQueue(b -> b.queueName("kept")).queueUrl();
            for (String body : List.of("visible", "in flight")) {
                stack.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            }
            Message received = stack.sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queueUrl).maxNumberOfMessages(1).visibilityTimeout(600))
                    .messages()
                    .get(0);
            inFlight = received.body();
            jobId = jobs.awaitJobId(jobs.submit("interrupted", spec), Duration.ofSeconds(30));
            // Stop while the job maps: some map tasks have committed, others have not.
            JobRecord before = awaitMapsDone(jobs, jobId, 1);
            assertTrue(before.mapsDone() < before.maps(), "the job must still be mapping: " + before);
        }

        try (StackServer server = start(state);
                StackEndpoint stack = StackEndpoint.discover(server.endpoint()).orElseThrow()) {
            JobClient jobs = stack.jobs();
            assertEquals("kept", jobs.read("kept/note.txt").orElseThrow());
            // Both messages are back, the one that was in flight too: whoever held it is gone.
            List<String> bodies = stack
                    .sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()
                    .stream()
                    .map(Message::body)
                    .sorted()
                    .toList();
            assertEquals(List.of("in flight", "visible"), bodies, "in flight before the stop: " + inFlight);

            JobRecord resumed = jobs.await(jobId, Duration.ofSeconds(180), j -> {});
            assertEquals(JobStatus.SUCCEEDED, resumed.status(), resumed::error);
            JobRecord fresh = Jobs.runOk(jobs, "uninterrupted", spec.toBuilder().build());
            assertSameOutput(jobs, resumed, fresh);
            Jobs.assertSameLines(
                    Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(jobs, resumed, tmp.resolve("resumed"))));
        }
    }

    static JobRecord awaitMapsDone(JobClient jobs, String jobId, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            JobRecord job = jobs.job(jobId).orElseThrow();
            if (job.mapsDone() >= atLeast || job.status().finished()) return job;
            if (System.nanoTime() > deadline) throw new AssertionError("no map task committed: " + job);
            Thread.sleep(50);
        }
    }

    /** Part by part, byte for byte. */
    static void assertSameOutput(JobClient jobs, JobRecord a, JobRecord b) {
        List<String> keysA = parts(jobs, a);
        List<String> keysB = parts(jobs, b);
        assertEquals(
                keysA.stream().map(k -> k.substring(k.lastIndexOf('/'))).toList(),
                keysB.stream().map(k -> k.substring(k.lastIndexOf('/'))).toList());
        for (int i = 0; i < keysA.size(); i++) {
            assertEquals(
                    jobs.read(keysA.get(i)).orElseThrow(),
                    jobs.read(keysB.get(i)).orElseThrow(),
                    keysA.get(i));
        }
    }

    private static List<String> parts(JobClient jobs, JobRecord job) {
        return jobs.outputKeys(JobClient.outputPrefix(job)).stream()
                .filter(k -> k.substring(k.lastIndexOf('/') + 1).startsWith("part-"))
                .sorted()
                .toList();
    }
}
