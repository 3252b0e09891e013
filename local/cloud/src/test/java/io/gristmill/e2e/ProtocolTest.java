package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.client.JobClient;
import io.gristmill.engine.json.Json;
import io.gristmill.handlers.CoordinatorHandler;
import io.gristmill.handlers.MapHandler;
import io.gristmill.handlers.ReduceHandler;
import io.gristmill.local.LocalCloud;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The protocol under duplicate delivery, with the handlers driven by hand: nothing consumes the
 * queues here, so the test delivers each message itself, as many times as it likes, at once or one
 * after the other. S3 and SQS deliver at least once; these are the duplicates they may send.
 */
class ProtocolTest {
    @TempDir
    static Path tmp;

    static LocalCloud cloud;
    static JobClient client;
    static CoordinatorHandler coordinator;
    static MapHandler map;
    static ReduceHandler reduce;
    static ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloud.Options.builder()
                .runFunctions(false)
                .inMemoryS3(true)
                .parameters(SharedCloud.TEST_PARAMETERS));
        client = new JobClient(cloud.s3(), cloud.dynamo(), cloud.bucket(), cloud.table());
        coordinator = new CoordinatorHandler(cloud.functionEnvironment("CoordinatorFunction"));
        map = new MapHandler(cloud.functionEnvironment("MapFunction"));
        reduce = new ReduceHandler(cloud.functionEnvironment("ReduceFunction"));
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        coordinator.close();
        map.close();
        reduce.close();
        cloud.close();
    }

    /** Receives every message now on a queue (they stay invisible: the test owns them). */
    static List<Message> drain(String queue) {
        String url = cloud.stack().queueUrl(queue);
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> got = cloud.sqs()
                    .receiveMessage(b -> b.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages();
            if (got.isEmpty()) return all;
            all.addAll(got);
        }
    }

    static SQSEvent event(String queue, Message m) {
        SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
        r.setMessageId(m.messageId());
        r.setReceiptHandle(m.receiptHandle());
        r.setBody(m.body());
        Map<String, String> attributes = new java.util.HashMap<>();
        m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
        r.setAttributes(attributes);
        r.setEventSource("aws:sqs");
        r.setEventSourceArn(cloud.stack().queueArn(queue));
        SQSEvent e = new SQSEvent();
        e.setRecords(List.of(r));
        return e;
    }

    /** Delivers one message to a handler and asserts the handler took it (no batch item failure). */
    static void deliver(RequestHandler<SQSEvent, SQSBatchResponse> handler, String queue, Message m) {
        SQSBatchResponse response = handler.handleRequest(event(queue, m), null);
        assertTrue(response.getBatchItemFailures().isEmpty(), "the handler reported a failure; see the test output");
    }

    /** Delivers the same message twice at the same moment. */
    static void deliverTwiceAtOnce(RequestHandler<SQSEvent, SQSBatchResponse> handler, String queue, Message m)
            throws Exception {
        List<Future<?>> both = new ArrayList<>();
        for (int i = 0; i < 2; i++)
            both.add(pool.submit((Callable<Void>) () -> {
                deliver(handler, queue, m);
                return null;
            }));
        for (Future<?> f : both) f.get();
    }

    @Test
    void aDuplicatedS3EventStartsOneJobAndAnOlderOneNone() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("dup"), 2, 300, 11);
        client.upload("uploads/dup/", List.of(tmp.resolve("dup")));
        drain("CoordinatorQueue"); // the uploads are not triggers; nothing to start
        String key =
                client.submit("dup", Jobs.spec("wordcount", List.of("uploads/dup/"), "output/dup/", 2, 4000, Map.of()));
        List<Message> events = drain("CoordinatorQueue");
        assertEquals(1, events.size(), "one notification for the manifest upload");
        Message first = events.get(0);
        deliverTwiceAtOnce(coordinator, "CoordinatorQueue", first);
        deliver(coordinator, "CoordinatorQueue", first);
        String jobId = client.table().triggeredJob(cloud.bucket(), key).orElseThrow();
        JobRecord job = client.job(jobId).orElseThrow();
        assertEquals(JobStatus.MAPPING, job.status());
        List<Message> maps = drain("MapQueue");
        assertTrue(maps.size() >= job.maps(), "every map task was sent");
        assertEquals(
                job.maps(), maps.stream().map(m -> taskOf(m.body())).distinct().count());
        long jobsNamedDup = client.recentJobs(100).stream()
                .filter(j -> j.name().equals("dup"))
                .count();
        assertEquals(1, jobsNamedDup, "three deliveries of one event, one job");

        // A re-upload is a new event with a later sequencer: a new job. The first event, delivered
        // late, is now older than the newest seen for the key and starts nothing.
        client.submit("dup", Jobs.spec("wordcount", List.of("uploads/dup/"), "output/dup-again/", 2, 4000, Map.of()));
        Message second = drain("CoordinatorQueue").get(0);
        deliver(coordinator, "CoordinatorQueue", second);
        String secondJob = client.table().triggeredJob(cloud.bucket(), key).orElseThrow();
        assertFalse(secondJob.equals(jobId), "a new upload of the manifest is a new job");
        drain("MapQueue");
        deliver(coordinator, "CoordinatorQueue", first);
        assertEquals(secondJob, client.table().triggeredJob(cloud.bucket(), key).orElseThrow());
        assertEquals(
                2,
                client.recentJobs(100).stream()
                        .filter(j -> j.name().equals("dup"))
                        .count());
        assertTrue(drain("MapQueue").isEmpty(), "the late event sent no tasks");
        assertEquals(2, docs.size());
    }

    private static int taskOf(String body) {
        try {
            return ((Number) Json.parseObject(body).get("task")).intValue();
        } catch (Json.JsonException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void redeliveredMapAndReduceMessagesLeaveExactlyOneCommittedOutput() throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("redeliver"), 3, 400, 12);
        client.upload("uploads/redeliver/", List.of(tmp.resolve("redeliver")));
        drain("CoordinatorQueue");
        String key = client.submit(
                "redeliver",
                Jobs.spec("wordcount", List.of("uploads/redeliver/"), "output/redeliver/", 3, 5000, Map.of()));
        deliver(coordinator, "CoordinatorQueue", drain("CoordinatorQueue").get(0));
        String jobId = client.table().triggeredJob(cloud.bucket(), key).orElseThrow();

        List<Message> maps = drain("MapQueue");
        int m = client.job(jobId).orElseThrow().maps();
        assertEquals(m, maps.size());
        for (int i = 0; i < maps.size(); i++) {
            if (i % 2 == 0) {
                deliverTwiceAtOnce(map, "MapQueue", maps.get(i)); // two attempts race to commit
            } else {
                deliver(map, "MapQueue", maps.get(i)); // a redelivery after the task finished
                deliver(map, "MapQueue", maps.get(i));
            }
        }
        for (TaskRecord t : client.table().tasks(jobId, TaskKind.MAP)) assertOneCommit(t);

        List<Message> reduces = drain("ReduceQueue");
        assertEquals(3, reduces.stream().map(x -> taskOf(x.body())).distinct().count());
        for (Message r : reduces) deliverTwiceAtOnce(reduce, "ReduceQueue", r);
        for (Message r : reduces) deliver(reduce, "ReduceQueue", r);
        for (TaskRecord t : client.table().tasks(jobId, TaskKind.REDUCE)) assertOneCommit(t);

        JobRecord job = client.job(jobId).orElseThrow();
        assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
        Jobs.assertSameLines(Oracle.wordCount(docs), Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("out"))));
        // Counters come from committed attempts only: duplicates do not count twice.
        @SuppressWarnings("unchecked")
        Map<String, Object> counters = (Map<String, Object>)
                Json.parseObject(client.read("output/redeliver/_JOB.json").orElseThrow())
                        .get("counters");
        long lines = 0;
        for (Path d : docs) lines += Oracle.lines(d).size();
        assertEquals(lines, ((Number) counters.get("map.input.records")).longValue());
        assertEquals(
                (long) Oracle.wordCount(docs).size(), ((Number) counters.get("reduce.output.records")).longValue());
    }

    /** One attempt committed; any other either lost the race (superseded) or found the task done. */
    private static void assertOneCommit(TaskRecord t) {
        assertTrue(t.done(), t.task() + " is DONE");
        long committed = t.attempts().stream()
                .filter(a -> a.outcome() == Outcome.COMMITTED)
                .count();
        assertEquals(1, committed, t.task() + " has exactly one committed attempt: " + t.attempts());
        assertEquals(
                t.attempts().stream()
                        .filter(a -> a.outcome() == Outcome.COMMITTED)
                        .findFirst()
                        .orElseThrow()
                        .id(),
                t.committed());
        for (Attempt a : t.attempts()) {
            assertTrue(
                    a.outcome() == Outcome.COMMITTED || a.outcome() == Outcome.SUPERSEDED, t.task() + " attempt " + a);
        }
    }
}
