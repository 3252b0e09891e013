package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.local.LocalCloud;
import io.gristmill.local.edge.AwsService;
import io.gristmill.local.edge.EdgeRouter;
import io.gristmill.local.edge.EdgeRoutes;
import io.gristmill.local.edge.EdgeServer;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A stack started with --access-key and --secret-key: the edge accepts only requests signed with that key
 * (SigV4, in a header or a presigned URL), and refuses the others in each protocol's words.
 */
class EdgeCredentialsTest {
    private static final String KEY = "AKIDLOCALSTACK";
    private static final String SECRET = "local-secret-of-the-stack";

    private static EdgeServer edge;
    private static LocalCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = SharedCloud.get();
        edge = new EdgeServer(InetAddress.getLoopbackAddress(), 0, new EdgeRoutes(), line -> {});
        Map<String, URI> endpoints = cloud.endpoints();
        Map<AwsService, EdgeRouter.Backend> backends = new EnumMap<>(AwsService.class);
        backends.put(AwsService.S3, new EdgeRouter.Backend("S3 (S3Proxy)", endpoints.get("S3")));
        backends.put(AwsService.SQS, new EdgeRouter.Backend("SQS (ElasticMQ)", endpoints.get("SQS")));
        backends.put(AwsService.DYNAMODB, new EdgeRouter.Backend("DynamoDB (dynalite)", endpoints.get("DYNAMODB")));
        edge.serve(backends, KEY, SECRET);
    }

    @AfterAll
    static void stop() {
        edge.close();
    }

    private static StaticCredentialsProvider credentials(String key, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }

    private static S3Client s3(String key, String secret) {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(key, secret))
                .endpointOverride(edge.endpoint())
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    private static DynamoDbClient dynamo(String key, String secret) {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials(key, secret))
                .endpointOverride(edge.endpoint())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @Test
    void requestsSignedWithTheStacksKeyPass() throws Exception {
        try (S3Client s3 = s3(KEY, SECRET);
                DynamoDbClient dynamo = dynamo(KEY, SECRET);
                SqsClient sqs = SqsClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials(KEY, SECRET))
                        .endpointOverride(edge.endpoint())
                        .build();
                S3Presigner presigner = S3Presigner.builder()
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials(KEY, SECRET))
                        .endpointOverride(edge.endpoint())
                        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build())
                        .build()) {
            s3.putObject(b -> b.bucket(cloud.bucket()).key("signed/a b+c.txt"), RequestBody.fromString("signed"));
            assertEquals(
                    "signed",
                    s3.getObjectAsBytes(b -> b.bucket(cloud.bucket()).key("signed/a b+c.txt"))
                            .asUtf8String());
            assertTrue(dynamo.listTables().tableNames().contains(cloud.table()));
            assertTrue(sqs.listQueues(b -> b.queueNamePrefix("gristmill-")).hasQueueUrls());
            URI url = presigner
                    .presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(g -> g.bucket(cloud.bucket()).key("signed/a b+c.txt")))
                    .url()
                    .toURI();
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            try (InputStream in = c.getInputStream()) {
                assertEquals("signed", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void anotherKeyOrSecretIsRefusedInEachProtocolsWords() {
        try (S3Client wrongSecret = s3(KEY, "not-the-secret");
                S3Client wrongKey = s3("AKIDSOMEONEELSE", SECRET);
                DynamoDbClient dynamoWrongKey = dynamo("AKIDSOMEONEELSE", SECRET)) {
            S3Exception signature =
                    assertThrows(S3Exception.class, () -> wrongSecret.headBucket(b -> b.bucket(cloud.bucket())));
            assertEquals(403, signature.statusCode());
            S3Exception key =
                    assertThrows(S3Exception.class, () -> wrongKey.listObjectsV2(b -> b.bucket(cloud.bucket())));
            assertEquals("InvalidAccessKeyId", key.awsErrorDetails().errorCode());
            assertTrue(key.getMessage().contains(KEY), key.getMessage());
            DynamoDbException dynamo = assertThrows(DynamoDbException.class, dynamoWrongKey::listTables);
            assertEquals("UnrecognizedClientException", dynamo.awsErrorDetails().errorCode());
        }
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        HttpURLConnection c = (HttpURLConnection) edge.endpoint()
                .resolve("/" + cloud.bucket() + "/signed/a")
                .toURL()
                .openConnection();
        assertEquals(403, c.getResponseCode());
        String body = new String(c.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body.contains("<Code>AccessDenied</Code>"), body);
    }
}
