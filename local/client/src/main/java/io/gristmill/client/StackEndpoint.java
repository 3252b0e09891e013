package io.gristmill.client;

import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A local stack started by {@code grist up}, reached through its edge endpoint: what it is (its
 * {@link StackRecord}, served at {@code /_gristmill/stack}), SDK clients pointed at it, and
 * {@link #deployJar}. Nothing here starts a stack.
 */
public final class StackEndpoint implements AutoCloseable {
    /** Where {@code grist up} listens unless told otherwise: LocalStack's port. */
    public static final URI DEFAULT = URI.create("http://127.0.0.1:4566");

    /**
     * Where {@code --local} and {@code grist run} look for a stack: {@code GRIST_LOCAL_ENDPOINT} (for a stack
     * started with another --port), or the system property {@code gristmill.local.endpoint}, else
     * {@link #DEFAULT}.
     */
    public static URI defaultEndpoint() {
        String configured = System.getProperty("gristmill.local.endpoint", System.getenv("GRIST_LOCAL_ENDPOINT"));
        return configured == null || configured.isBlank() ? DEFAULT : URI.create(configured.strip());
    }

    /** Any key works on a stack without credentials of its own; these are as good as any. */
    public static final String ANY_KEY = "test";

    private static final int CONNECT_MILLIS = 1_000;
    private static final int READ_MILLIS = 10_000;

    private final URI endpoint;
    private final StackRecord record;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private S3Client s3;
    private SqsClient sqs;
    private DynamoDbClient dynamo;

    private StackEndpoint(URI endpoint, StackRecord record) {
        this.endpoint = endpoint;
        this.record = record;
    }

    /**
     * The stack at {@code endpoint}, if a Gristmill stack answers there: empty when nothing listens, or
     * something else does (LocalStack, moto), or it is still starting.
     */
    public static Optional<StackEndpoint> discover(URI endpoint) {
        try {
            HttpURLConnection c = open(endpoint, "/_gristmill/stack", "GET");
            int status = c.getResponseCode();
            if (status != 200) {
                c.disconnect();
                return Optional.empty();
            }
            String body;
            try (InputStream in = c.getInputStream()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Optional.of(new StackEndpoint(endpoint, StackRecord.fromJson(body)));
        } catch (IOException | Json.JsonException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public StackRecord record() {
        return record;
    }

    public String bucket() {
        return record.bucket();
    }

    public String table() {
        return record.table();
    }

    /** An S3 client for the stack's edge (path-style addresses: no DNS name needed for buckets). */
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Client.builder()
                    .httpClient(http)
                    .region(Region.of(record.region()))
                    .credentialsProvider(credentials())
                    .endpointOverride(endpoint)
                    .forcePathStyle(true)
                    .build();
        }
        return s3;
    }

    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder()
                    .httpClient(http)
                    .region(Region.of(record.region()))
                    .credentialsProvider(credentials())
                    .endpointOverride(endpoint)
                    .build();
        }
        return sqs;
    }

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = DynamoDbClient.builder()
                    .httpClient(http)
                    .region(Region.of(record.region()))
                    .credentialsProvider(credentials())
                    .endpointOverride(endpoint)
                    .build();
        }
        return dynamo;
    }

    /** A job client on the stack's bucket and table. */
    public JobClient jobs() {
        return new JobClient(s3(), dynamo(), record.bucket(), record.table());
    }

    private StaticCredentialsProvider credentials() {
        String key = record.accessKey() != null ? record.accessKey() : ANY_KEY;
        String secret = record.secretKey() != null ? record.secretKey() : ANY_KEY;
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }

    /**
     * Adds a jar of job classes to the running stack, or replaces the one of the same file name: jobs
     * that start from now on see its classes, as after a layer update on AWS. Returns the stack's jars.
     *
     * @throws IllegalArgumentException when the stack refuses the jar (the message says why)
     */
    public String deployJar(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        HttpURLConnection c =
                open(endpoint, "/_gristmill/jars/" + URLEncoder.encode(name, StandardCharsets.UTF_8), "PUT");
        c.setDoOutput(true);
        c.setReadTimeout(120_000); // the stack starts new instances' code from it
        c.setFixedLengthStreamingMode(Files.size(jar));
        c.setRequestProperty("Content-Type", "application/java-archive");
        try (OutputStream out = c.getOutputStream()) {
            Files.copy(jar, out);
        }
        int status = c.getResponseCode();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (status >= 400) {
            String message = body;
            try {
                message = JsonMap.parse(body).string("message");
            } catch (Json.JsonException | RuntimeException notJson) {
                // the body as it is
            }
            throw new IllegalArgumentException(message.strip());
        }
        return body;
    }

    private static HttpURLConnection open(URI endpoint, String path, String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(CONNECT_MILLIS);
        c.setReadTimeout(READ_MILLIS);
        c.setUseCaches(false);
        return c;
    }

    /** Whether anything at all listens at the endpoint (to tell "nothing there" from "not a Gristmill stack"). */
    public static boolean listening(URI endpoint) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(
                    new java.net.InetSocketAddress(
                            endpoint.getHost(), endpoint.getPort() > 0 ? endpoint.getPort() : 80),
                    CONNECT_MILLIS);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (s3 != null) s3.close();
        if (sqs != null) sqs.close();
        if (dynamo != null) dynamo.close();
        http.close();
    }
}
