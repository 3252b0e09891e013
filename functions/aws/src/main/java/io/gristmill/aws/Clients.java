package io.gristmill.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients of one function instance, configured from its environment the way Lambda and the
 * SDK define it: {@code AWS_REGION}, the credential variables, and the standard endpoint overrides
 * {@code AWS_ENDPOINT_URL_S3}, {@code _SQS}, {@code _DYNAMODB} (or {@code AWS_ENDPOINT_URL}). The
 * local cloud sets exactly those, so no code here knows whether it runs locally.
 */
public final class Clients implements AutoCloseable {
    static {
        // The JDK's HTTP client keeps only 5 idle connections per host by default; parallel ranged
        // GETs and uploads need more to reuse connections.
        if (System.getProperty("http.maxConnections") == null) System.setProperty("http.maxConnections", "64");
    }

    private final SdkHttpClient http;
    private final S3Client s3;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;

    /** The services whose requests a function's clients count: all of them. */
    private static final Set<String> ALL = Set.of("S3", "SQS", "DYNAMODB");

    private Clients(Map<String, String> env, Set<String> counted) {
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        Region region = Region.of(env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1")));
        AwsCredentialsProvider credentials = credentials(env);
        var counting = ClientOverrideConfiguration.builder()
                .addExecutionInterceptor(RequestMetrics.INSTANCE)
                .retryStrategy(Throttling.strategy())
                .build();
        var plain = ClientOverrideConfiguration.builder()
                .retryStrategy(Throttling.strategy())
                .build();
        var s3b = S3Client.builder()
                .httpClient(http)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(counted.contains("S3") ? counting : plain);
        endpoint(env, "S3").ifPresent(s3b::endpointOverride);
        this.s3 = s3b.build();
        var sqsb = SqsClient.builder()
                .httpClient(http)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(counted.contains("SQS") ? counting : plain);
        endpoint(env, "SQS").ifPresent(sqsb::endpointOverride);
        this.sqs = sqsb.build();
        var ddbb = DynamoDbClient.builder()
                .httpClient(http)
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(counted.contains("DYNAMODB") ? counting : plain);
        endpoint(env, "DYNAMODB").ifPresent(ddbb::endpointOverride);
        this.dynamo = ddbb.build();
    }

    /** A function instance's clients: every request is counted ({@link RequestMetrics}). */
    public static Clients create(Map<String, String> env) {
        return new Clients(env, ALL);
    }

    /**
     * Clients whose requests are counted only for the given services ({@code S3}, {@code SQS},
     * {@code DYNAMODB}): the local cloud counts what AWS would bill the stack for (its event source
     * mappings' polling), not what a test or the CLI asks.
     */
    public static Clients create(Map<String, String> env, Set<String> counted) {
        return new Clients(env, counted);
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null)
            return DefaultCredentialsProvider.builder().build();
        String token = env.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(
                token == null
                        ? AwsBasicCredentials.create(key, secret)
                        : AwsSessionCredentials.create(key, secret, token));
    }

    private static java.util.Optional<URI> endpoint(Map<String, String> env, String service) {
        String url = env.get("AWS_ENDPOINT_URL_" + service);
        if (url == null) url = env.get("AWS_ENDPOINT_URL");
        return url == null || url.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(URI.create(url));
    }

    public S3Client s3() {
        return s3;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    @Override
    public void close() {
        s3.close();
        sqs.close();
        dynamo.close();
        http.close();
    }
}
