package io.gristmill.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A full disk under a durable stack's state folder: the write that does not fit fails with an S3 or a
 * DynamoDB error that says so, the emulators stay up, and what they had committed stays readable. The
 * state folder is a small tmpfs, so the test needs to mount one (root); elsewhere it is skipped.
 */
class DiskFullTest {
    @TempDir
    static Path dir;

    private static Path disk;
    private static String unavailable;

    @TempDir
    Path tmp;

    @BeforeAll
    static void mount() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            unavailable = "skipped: cannot mount a small tmpfs to fill (needs root): " + output.strip();
            System.err.println("DiskFullTest " + unavailable);
        }
    }

    @AfterAll
    static void unmount() throws Exception {
        if (unavailable == null)
            new ProcessBuilder("umount", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }

    @BeforeEach
    void requireMount() {
        assumeTrue(unavailable == null, unavailable);
    }

    @Test
    void aWriteThatDoesNotFitFailsWithAnErrorAndNothingCommittedIsLost() throws Exception {
        try (S3Server s3Server = S3Server.durable(disk.resolve("s3"), disk.resolve("journal"), e -> {});
                Dynalite dynalite = new Dynalite(Dynalite.defaultFolder(), disk.resolve("dynamodb"), null)) {
            s3Server.start();
            dynalite.start();
            try (S3Client s3 = S3Client.builder()
                            .endpointOverride(s3Server.endpoint())
                            .region(Region.of(Emulators.REGION))
                            .credentialsProvider(
                                    StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "thing")))
                            .httpClient(UrlConnectionHttpClient.create())
                            .forcePathStyle(true)
                            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                            .build();
                    DynamoDbClient dynamo = dynamo(dynalite)) {
                s3.createBucket(b -> b.bucket("bucket"));
                s3.putObject(b -> b.bucket("bucket").key("before.txt"), RequestBody.fromString("kept"));
                dynamo.createTable(t -> t.tableName("items")
                        .billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH")));
                dynamo.putItem(b -> b.tableName("items").item(Map.of("pk", AttributeValue.fromS("before"))));

                Path filler = fill(disk.resolve("filler"));
                S3Exception s3Full = assertThrows(
                        S3Exception.class,
                        () -> s3.putObject(
                                b -> b.bucket("bucket").key("after.bin"), RequestBody.fromBytes(new byte[200_000])));
                assertEquals("InternalError", s3Full.awsErrorDetails().errorCode());
                assertTrue(s3Full.getMessage().contains("No space left on device"), s3Full.getMessage());
                DynamoDbException dynamoFull = assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.putItem(b -> b.tableName("items")
                                .item(Map.of(
                                        "pk", AttributeValue.fromS("after"),
                                        "big", AttributeValue.fromS("x".repeat(300_000))))));
                assertEquals("InternalServerError", dynamoFull.awsErrorDetails().errorCode());
                assertTrue(dynamoFull.getMessage().contains("No space left on device"), dynamoFull.getMessage());

                // Both still answer, with everything they had committed.
                assertEquals(
                        "kept",
                        s3.getObjectAsBytes(b -> b.bucket("bucket").key("before.txt"))
                                .asUtf8String());
                assertTrue(dynamo.getItem(b -> b.tableName("items").key(Map.of("pk", AttributeValue.fromS("before"))))
                        .hasItem());
                assertTrue(s3.listObjectsV2(b -> b.bucket("bucket")).contents().stream()
                        .noneMatch(o -> o.key().startsWith("after")));

                Files.delete(filler);
                s3.putObject(b -> b.bucket("bucket").key("after.bin"), RequestBody.fromBytes(new byte[200_000]));
            }
        }
    }

    private static Path fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) out.write(block);
        } catch (IOException full) {
            if (full.getMessage() == null || !full.getMessage().contains("No space left")) throw full;
        }
        return file;
    }

    private static DynamoDbClient dynamo(Dynalite dynalite) {
        return DynamoDbClient.builder()
                .endpointOverride(dynalite.endpoint())
                .region(Region.of(Emulators.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
