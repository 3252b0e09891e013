package io.gristmill.e2e;

import io.gristmill.infra.FunctionDef;
import io.gristmill.infra.ProvisionedStack;
import io.gristmill.infra.Provisioner;
import io.gristmill.infra.SqsEventDef;
import io.gristmill.infra.StackSettings;
import io.gristmill.infra.Template;
import io.gristmill.local.Home;
import io.gristmill.local.runtime.FunctionConfig;
import io.gristmill.local.runtime.InJvmRuntime;
import io.gristmill.local.runtime.SqsEventSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * template.yaml's stack on an AWS-compatible endpoint (LocalStack): infra provisions the bucket, queues
 * and table and the bucket's event notifications, which that S3 then delivers itself; the template's
 * functions run in this JVM as the local cloud runs them, pointed at the endpoint through the standard
 * AWS_ENDPOINT_URL variable.
 */
final class LocalStackStack implements AutoCloseable {
    static final String STACK = "gristmill";

    private final URI endpoint;
    private final String region;
    private final Map<String, String> credentials;
    private final S3Client s3;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final ProvisionedStack stack;
    private final InJvmRuntime runtime;
    private final List<SqsEventSource> sources = new ArrayList<>();

    LocalStackStack(URI endpoint, String region, String accessKey, String secretKey, Path state) throws IOException {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey);
        var provider = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        this.s3 = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(provider)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .build();
        this.sqs = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(provider)
                .endpointOverride(endpoint)
                .build();
        this.dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(region))
                .credentialsProvider(provider)
                .endpointOverride(endpoint)
                .build();
        Provisioner provisioner = new Provisioner(s3, sqs, dynamo);
        StackSettings settings =
                new StackSettings(STACK, StackSettings.LOCAL_ACCOUNT_ID, region, SharedCloud.TEST_PARAMETERS);
        this.stack = provisioner.provision(Template.load(Home.template()), settings);
        provisioner.applyNotifications(stack);
        this.runtime = new InJvmRuntime(
                getClass().getClassLoader(),
                Files.createDirectories(state.resolve("logs")),
                StackSettings.LOCAL_ACCOUNT_ID);
        for (FunctionDef function : stack.stack().functions().values()) start(function, state);
    }

    private void start(FunctionDef function, Path state) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.putAll(credentials);
        env.put("AWS_REGION", region);
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put(
                "TMPDIR",
                Files.createDirectories(state.resolve("tmp").resolve(function.logicalId()))
                        .toString());
        FunctionConfig config = new FunctionConfig(
                function.logicalId(), function.handler(), function.memorySize(), function.timeout(), env, 2);
        for (SqsEventDef event : function.sqsEvents()) {
            SqsEventSource.Mapping mapping = new SqsEventSource.Mapping(
                    stack.queueUrl(event.queueLogicalId()),
                    stack.queueArn(event.queueLogicalId()),
                    event.batchSize(),
                    event.maximumBatchingWindowSeconds(),
                    2,
                    event.reportBatchItemFailures());
            sources.add(new SqsEventSource(
                            sqs,
                            config,
                            mapping,
                            runtime,
                            region,
                            message -> System.err.println("localstack stack: " + message))
                    .start());
        }
    }

    String bucket() {
        return stack.stack().output("BucketName");
    }

    String table() {
        return stack.stack().output("TableName");
    }

    @Override
    public void close() {
        sources.forEach(SqsEventSource::close);
        runtime.close();
        s3.close();
        sqs.close();
        dynamo.close();
    }
}
