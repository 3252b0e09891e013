package io.gristmill.local.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.protocol.message.ObjectCreated;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The three emulators, started once for the class, driven over HTTP by the AWS SDK as Gristmill drives AWS. */
class EmulatorsTest {

    private static final List<ObjectCreated> events = new CopyOnWriteArrayList<>();
    private static Emulators emulators;
    private static S3Client s3;
    private static SqsClient sqs;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        emulators = Emulators.startInMemory(event -> {
            if (event.key().startsWith("listener-throws")) {
                throw new IllegalStateException("a listener bug, which must not fail the S3 request");
            }
            events.add(event);
        });
        System.out.printf(
                "Emulators started in %d ms%n", emulators.startupTime().toMillis());
        // No retries: a retried upload would hide a failed request, and write and notify twice.
        s3 = S3Client.builder()
                .endpointOverride(emulators.s3Endpoint())
                .forcePathStyle(true)
                .region(Region.of(Emulators.REGION))
                .credentialsProvider(credentials())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        sqs = SqsClient.builder()
                .endpointOverride(emulators.sqsEndpoint())
                .region(Region.of(Emulators.REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        dynamo = DynamoDbClient.builder()
                .endpointOverride(emulators.dynamoEndpoint())
                .region(Region.of(Emulators.REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        // Clients first: S3Proxy's stop waits for their open connections.
        for (AutoCloseable client : new AutoCloseable[] {s3, sqs, dynamo}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception ignored) {
                // closing the emulators below is what matters
            }
        }
        if (emulators != null) {
            long begin = System.nanoTime();
            emulators.close();
            System.out.printf("Emulators stopped in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(Emulators.ACCESS_KEY_ID, Emulators.SECRET_ACCESS_KEY));
    }

    private static String newBucket() {
        String bucket = "b-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static List<ObjectCreated> eventsFor(String bucket, String key) {
        return events.stream()
                .filter(e -> e.bucket().equals(bucket) && e.key().equals(key))
                .toList();
    }

    private static ObjectCreated onlyEventFor(String bucket, String key) {
        List<ObjectCreated> found = eventsFor(bucket, key);
        assertEquals(1, found.size(), () -> "events for " + key + ": " + found);
        return found.get(0);
    }

    private static void assertMatchesHead(ObjectCreated event) {
        HeadObjectResponse head = s3.headObject(h -> h.bucket(event.bucket()).key(event.key()));
        assertEquals(head.eTag().replace("\"", ""), event.eTag());
        assertEquals(head.contentLength(), event.size());
    }

    @Test
    void putGetAndRangedGet() {
        String bucket = newBucket();
        s3.putObject(p -> p.bucket(bucket).key("digits"), RequestBody.fromString("0123456789"));

        assertEquals(
                "0123456789",
                s3.getObjectAsBytes(g -> g.bucket(bucket).key("digits")).asUtf8String());
        var range = s3.getObjectAsBytes(g -> g.bucket(bucket).key("digits").range("bytes=2-5"));
        assertEquals("2345", range.asUtf8String());
        assertEquals("bytes 2-5/10", range.response().contentRange());

        ObjectCreated event = onlyEventFor(bucket, "digits");
        assertEquals(ObjectCreated.PUT, event.eventName());
        assertEquals(10, event.size());
        assertMatchesHead(event);
    }

    @Test
    void listWithPrefix() {
        String bucket = newBucket();
        for (String key : List.of("in/a", "in/b", "out/a")) {
            s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(key));
        }
        List<String> keys = s3.listObjectsV2(l -> l.bucket(bucket).prefix("in/")).contents().stream()
                .map(S3Object::key)
                .toList();
        assertEquals(List.of("in/a", "in/b"), keys);
    }

    @Test
    void conditionalPutNotifiesOnlyTheWinner() {
        String bucket = newBucket();
        s3.putObject(p -> p.bucket(bucket).key("once").ifNoneMatch("*"), RequestBody.fromString("first"));
        S3Exception lost = assertThrows(
                S3Exception.class,
                () -> s3.putObject(
                        p -> p.bucket(bucket).key("once").ifNoneMatch("*"), RequestBody.fromString("second")));

        assertEquals(412, lost.statusCode());
        assertEquals(
                "first", s3.getObjectAsBytes(g -> g.bucket(bucket).key("once")).asUtf8String());
        ObjectCreated event = onlyEventFor(bucket, "once");
        assertEquals(ObjectCreated.PUT, event.eventName());
        assertMatchesHead(event);
    }

    @Test
    void multipartUploadCompletedWithIfNoneMatch() {
        String bucket = newBucket();
        String key = "big";
        byte[] part1 = new byte[5 * 1024 * 1024];
        new Random(1).nextBytes(part1);
        byte[] part2 = "tail".getBytes(StandardCharsets.UTF_8);

        String uploadId =
                s3.createMultipartUpload(c -> c.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] bodies = {part1, part2};
        for (int i = 0; i < bodies.length; i++) {
            int number = i + 1;
            String eTag = s3.uploadPart(
                            u -> u.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                            RequestBody.fromBytes(bodies[number - 1]))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        }
        assertTrue(eventsFor(bucket, key).isEmpty(), "parts are not objects yet");
        s3.completeMultipartUpload(c ->
                c.bucket(bucket).key(key).uploadId(uploadId).ifNoneMatch("*").multipartUpload(m -> m.parts(parts)));

        ObjectCreated event = onlyEventFor(bucket, key);
        assertEquals(ObjectCreated.COMPLETE_MULTIPART_UPLOAD, event.eventName());
        assertEquals(part1.length + part2.length, event.size());
        assertTrue(event.eTag().endsWith("-2"), event.eTag());
        assertMatchesHead(event);
        byte[] stored = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key).range("bytes=0-9"))
                .asByteArray();
        assertArrayEquals(Arrays.copyOf(part1, 10), stored);
    }

    @Test
    void copy() {
        String bucket = newBucket();
        s3.putObject(p -> p.bucket(bucket).key("source"), RequestBody.fromString("copied bytes"));
        s3.copyObject(c -> c.sourceBucket(bucket)
                .sourceKey("source")
                .destinationBucket(bucket)
                .destinationKey("copy"));

        assertEquals(
                "copied bytes",
                s3.getObjectAsBytes(g -> g.bucket(bucket).key("copy")).asUtf8String());
        ObjectCreated event = onlyEventFor(bucket, "copy");
        assertEquals(ObjectCreated.COPY, event.eventName());
        assertEquals(12, event.size());
        assertMatchesHead(event);
    }

    @Test
    void sequencersIncreaseInCompletionOrder() {
        String bucket = newBucket();
        for (int i = 0; i < 5; i++) {
            s3.putObject(p -> p.bucket(bucket).key("same"), RequestBody.fromString("v"));
        }
        s3.copyObject(c -> c.sourceBucket(bucket)
                .sourceKey("same")
                .destinationBucket(bucket)
                .destinationKey("same2"));
        List<ObjectCreated> inBucket =
                events.stream().filter(e -> e.bucket().equals(bucket)).toList();
        assertEquals(6, inBucket.size(), inBucket::toString);
        for (int i = 1; i < inBucket.size(); i++) {
            String before = inBucket.get(i - 1).sequencer();
            String after = inBucket.get(i).sequencer();
            assertEquals(before.length(), after.length(), "fixed width, so strings sort as numbers");
            assertTrue(before.compareTo(after) < 0, before + " < " + after);
        }
        // ...and across the whole run, in the order the listener saw them
        List<String> all = events.stream().map(ObjectCreated::sequencer).toList();
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).compareTo(all.get(i)) < 0, all.toString());
        }
    }

    @Test
    void everyUploadSucceedsAtTheFirstAttempt() {
        // Guards the DrainAwsChunkedBody fix: without it about one aws-chunked upload in ten failed with
        // "Error writing request body to server" on the JDK HTTP client.
        String bucket = newBucket();
        for (int i = 0; i < 300; i++) {
            String key = "k" + i;
            s3.putObject(p -> p.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString(key));
        }
        assertEquals(300, events.stream().filter(e -> e.bucket().equals(bucket)).count());
    }

    @Test
    void aFailingListenerDoesNotFailTheRequest() {
        String bucket = newBucket();
        s3.putObject(p -> p.bucket(bucket).key("listener-throws"), RequestBody.fromString("kept"));
        assertEquals(
                "kept",
                s3.getObjectAsBytes(g -> g.bucket(bucket).key("listener-throws"))
                        .asUtf8String());
    }

    @Test
    void sqsQueueWithRedrivePolicy() {
        String name = "q-" + UUID.randomUUID();
        String dlqUrl = sqs.createQueue(c -> c.queueName(name + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(g -> g.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        assertEquals("arn:aws:sqs:" + Emulators.REGION + ":" + Emulators.ACCOUNT_ID + ":" + name + "-dlq", dlqArn);
        String redrive = "{\"maxReceiveCount\":\"3\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}";
        String url = sqs.createQueue(
                        c -> c.queueName(name).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive)))
                .queueUrl();
        assertEquals(emulators.sqsEndpoint().getPort(), URI.create(url).getPort(), "queue URL carries the real port");
        String readBack = sqs.getQueueAttributes(g -> g.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .attributes()
                .get(QueueAttributeName.REDRIVE_POLICY);
        assertTrue(readBack.contains(dlqArn), readBack);

        sqs.sendMessage(s -> s.queueUrl(url).messageBody("hello"));
        List<Message> received =
                sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages();
        assertEquals(1, received.size());
        assertEquals("hello", received.get(0).body());
        sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));
        assertTrue(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(0))
                .messages()
                .isEmpty());
    }

    @Test
    void dynamoConditionalPut() {
        String table = "t-" + UUID.randomUUID();
        dynamo.createTable(c -> c.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName("pk")
                        .keyType(KeyType.HASH)
                        .build()));
        assertEquals(
                TableStatus.ACTIVE,
                dynamo.describeTable(d -> d.tableName(table)).table().tableStatus());

        PutItemRequest claim = PutItemRequest.builder()
                .tableName(table)
                .item(Map.of("pk", AttributeValue.fromS("job-1"), "owner", AttributeValue.fromS("a")))
                .conditionExpression("attribute_not_exists(pk)")
                .build();
        dynamo.putItem(claim);
        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(claim));
        assertEquals(
                "a",
                dynamo.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("job-1"))))
                        .item()
                        .get("owner")
                        .s());
    }
}
