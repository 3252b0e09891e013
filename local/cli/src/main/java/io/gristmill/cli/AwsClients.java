package io.gristmill.cli;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients of one command, configured the way the AWS CLI is: credentials and region from the
 * default chains (environment, ~/.aws, SSO, container) or from {@code --profile}, {@code --region} over
 * both, and endpoint overrides for LocalStack or the local cloud. Requests leave only when a command
 * makes them.
 */
final class AwsClients implements AutoCloseable {
    /** The region emulators answer in when none is configured. */
    static final String EMULATOR_REGION = "us-east-1";

    private final StackOptions options;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private S3Client s3;
    private DynamoDbClient dynamo;
    private CloudFormationClient cloudFormation;

    AwsClients(StackOptions options) throws UsageException {
        this.options = options;
        this.region = region(options);
        this.credentials = credentials(options);
    }

    /**
     * The profile's credentials, or the default chain's. Emulators accept any credentials, so against
     * custom endpoints a machine without AWS credentials uses LocalStack's documented test/test.
     */
    private static AwsCredentialsProvider credentials(StackOptions options) {
        if (options.profile() != null) return ProfileCredentialsProvider.create(options.profile());
        AwsCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
        if (!options.customEndpoints()) return chain;
        return () -> {
            try {
                return chain.resolveCredentials();
            } catch (SdkClientException e) {
                return AwsBasicCredentials.create("test", "test");
            }
        };
    }

    private static Region region(StackOptions options) throws UsageException {
        if (options.region() != null) return Region.of(options.region());
        try {
            var chain = DefaultAwsRegionProviderChain.builder();
            if (options.profile() != null) chain.profileName(options.profile());
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            if (options.customEndpoints()) return Region.of(EMULATOR_REGION);
            throw new UsageException("no AWS region is configured: pass --region (the stack's region), set"
                    + " AWS_REGION, or give your profile a region (aws configure)");
        }
    }

    Region region() {
        return region;
    }

    S3Client s3() {
        if (s3 == null) {
            var builder = configure(S3Client.builder(), "s3");
            // Emulators serve buckets by path (http://host:port/bucket), not as host names.
            if (options.endpointFor("s3") != null) builder.forcePathStyle(true);
            s3 = builder.build();
        }
        return s3;
    }

    DynamoDbClient dynamo() {
        if (dynamo == null)
            dynamo = configure(DynamoDbClient.builder(), "dynamodb").build();
        return dynamo;
    }

    CloudFormationClient cloudFormation() {
        if (cloudFormation == null)
            cloudFormation =
                    configure(CloudFormationClient.builder(), "cloudformation").build();
        return cloudFormation;
    }

    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B configure(B builder, String service) {
        builder.httpClient(http).region(region).credentialsProvider(credentials);
        String endpoint = options.endpointFor(service);
        if (endpoint != null) builder.endpointOverride(URI.create(endpoint));
        return builder;
    }

    @Override
    public void close() {
        if (s3 != null) s3.close();
        if (dynamo != null) dynamo.close();
        if (cloudFormation != null) cloudFormation.close();
        http.close();
    }
}
