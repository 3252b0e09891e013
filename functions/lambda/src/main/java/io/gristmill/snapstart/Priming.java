package io.gristmill.snapstart;

import io.gristmill.aws.DynamoJobTable;
import io.gristmill.aws.S3Objects;
import io.gristmill.aws.SqsQueues;
import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.input.RangeReader;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.MapTask;
import io.gristmill.engine.task.ReduceTask;
import io.gristmill.engine.task.TaskSettings;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.ObjectCreated;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.message.TaskMessage;
import io.gristmill.protocol.state.TaskKind;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs what a task runs, on made-up data, so that the snapshot holds loaded and JIT-warmed code: the
 * message and event JSON, a small word count through the engine's map and reduce, and every kind of
 * S3, DynamoDB and SQS call the protocol makes, through the protocol's own adapters.
 *
 * <p>Nothing here may end up shared between restored instances by mistake: the SDK clients are
 * throwaway ones on an {@link OfflineHttpClient} (no socket, no real credentials, none of the
 * instance's own clients), scratch files go to a fixed directory that is removed afterwards, and no
 * attempt id is drawn. A step that fails is reported and skipped: priming only saves time, so it must
 * never fail a function's initialisation.
 */
public final class Priming {
    private static final String BUCKET = "gristmill-priming";
    private static final String TABLE = "gristmill-priming";
    private static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/000000000000/gristmill-priming";
    private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:gristmill-priming";
    private static final byte[] TEXT =
            "the quick brown fox\njumps over the lazy dog\n".repeat(50).getBytes(StandardCharsets.UTF_8);

    /**
     * What priming did.
     *
     * @param steps the steps that completed
     * @param failures each failed step and why
     * @param sdkRequests requests the SDK clients made (answered offline)
     */
    public record Report(List<String> steps, Map<String, String> failures, int sdkRequests, long millis) {
        @Override
        public String toString() {
            return steps.size() + " steps in " + millis + " ms (" + String.join(", ", steps) + "), " + sdkRequests
                    + " offline SDK requests" + (failures.isEmpty() ? "" : "; failed: " + failures);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private final Map<String, String> env;
    private final List<String> steps = new ArrayList<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    private Priming(Map<String, String> env) {
        this.env = env;
    }

    /** Primes with the function's environment (its region and scratch directory). */
    public static Report run(Map<String, String> env) {
        long start = System.currentTimeMillis();
        Priming priming = new Priming(env);
        MapMessage message = priming.sampleMessage();
        priming.step("json", () -> priming.json(message));
        priming.step("engine", () -> priming.engine(message.spec()));
        OfflineHttpClient http = new OfflineHttpClient();
        priming.step("sdk", () -> priming.sdk(http, message));
        return new Report(
                List.copyOf(priming.steps),
                Map.copyOf(priming.failures),
                http.requests(),
                System.currentTimeMillis() - start);
    }

    private void step(String name, Step step) {
        try {
            step.run();
            steps.add(name);
        } catch (Exception | LinkageError e) {
            failures.put(name, e.toString());
        }
    }

    private MapMessage sampleMessage() {
        try {
            JobSpec spec = Manifest.builder()
                    .app("wordcount")
                    .input(List.of("priming/input.txt"))
                    .output("output/priming/")
                    .reducers(2)
                    .build()
                    .toSpec("priming-00000000", "priming", 2, 1 << 20);
            Split split = new Split(0, "priming/input.txt", "input.txt", 0, TEXT.length, TEXT.length, false);
            return new MapMessage(spec.id(), 0, 1, spec, split);
        } catch (Exception e) {
            throw new IllegalStateException("the built-in wordcount app cannot be resolved", e);
        }
    }

    /** The messages and S3 events the handlers parse. */
    private void json(MapMessage message) throws Exception {
        TaskMessage.parse(message.toJson());
        TaskMessage.parse(new ReduceMessage(message.jobId(), 0, 1, 2, message.spec(), "", null).toJson());
        ObjectCreated.parse("""
                {"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"gristmill-priming"},
                "object":{"key":"jobs/priming.json","size":2,"eTag":"0","sequencer":"0A"}}}]}""");
    }

    /** A whole word count of {@link #TEXT}: map with its combiner, then reduce each partition. */
    private void engine(JobSpec spec) throws Exception {
        Path dir = Path.of(env.getOrDefault("TMPDIR", System.getProperty("java.io.tmpdir")), "gristmill-priming");
        Files.createDirectories(dir);
        try {
            JobFunctions functions = JobFunctions.load(spec);
            RangeReader reader = (key, from, to) -> new ByteArrayInputStream(TEXT, (int) from, (int) (to - from));
            Split split = new Split(0, "priming/input.txt", "input.txt", 0, TEXT.length, TEXT.length, false);
            Path run = dir.resolve("map.run");
            try (SplitLineReader lines = new SplitLineReader(reader, split, 4096)) {
                new MapTask(spec, "m-00000", functions, TaskSettings.defaults(dir)).run(lines, run);
            }
            RunIndex index = RunIndex.read(run);
            for (int p = 0; p < index.partitions(); p++) {
                Segment segment = Segment.ofFile(run, index.offset(p), index.length(p));
                new ReduceTask(spec, "r-0000" + p, functions, TaskSettings.defaults(dir))
                        .run(List.of(segment), OutputStream.nullOutputStream());
            }
        } finally {
            FileTree.delete(dir);
        }
    }

    /** Every kind of call the protocol makes, through its adapters, answered offline. */
    private void sdk(OfflineHttpClient http, MapMessage message) throws Exception {
        Region region = Region.of(env.getOrDefault("AWS_REGION", "us-east-1"));
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"));
        try (S3Client s3 = S3Client.builder()
                        .httpClient(http)
                        .region(region)
                        .credentialsProvider(credentials)
                        .build();
                DynamoDbClient dynamo = DynamoDbClient.builder()
                        .httpClient(http)
                        .region(region)
                        .credentialsProvider(credentials)
                        .build();
                SqsClient sqs = SqsClient.builder()
                        .httpClient(http)
                        .region(region)
                        .credentialsProvider(credentials)
                        .build()) {
            S3Objects store = new S3Objects(s3, BUCKET);
            store.putIfAbsent("priming/object", "primed", "text/plain");
            store.getText("priming/object");
            store.read("priming/object", 0, 6);
            store.head("priming/object");

            DynamoJobTable table = new DynamoJobTable(dynamo, TABLE, 1);
            table.claimTrigger(BUCKET, "jobs/priming.json", "0".repeat(32), message.jobId(), 0);
            table.job(message.jobId());
            table.tasks(message.jobId(), TaskKind.MAP);

            SqsQueues queues = new SqsQueues(sqs, QUEUE_URL, QUEUE_URL, QUEUE_URL);
            queues.send(WorkQueue.MAP, List.of(message.toJson()));
            queues.hide(Delivery.of(2, "priming", QUEUE_ARN, "priming-receipt"), 10);
        }
    }
}
