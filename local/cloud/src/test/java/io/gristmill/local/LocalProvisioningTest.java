package io.gristmill.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.infra.ProvisionedStack;
import io.gristmill.infra.Provisioner;
import io.gristmill.infra.StackSettings;
import io.gristmill.infra.Template;
import io.gristmill.local.cloud.Emulators;
import io.gristmill.local.cloud.ObjectCreatedListener;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** infra's provisioner against live emulators: template.yaml's resources, created twice. */
class LocalProvisioningTest {
    @Test
    void provisionsTheTemplatesResourcesAndCanRunAgain() throws Exception {
        try (Emulators emulators = Emulators.startInMemory(ObjectCreatedListener.NONE)) {
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"));
            Region region = Region.of(Emulators.REGION);
            try (S3Client s3 = S3Client.builder()
                            .region(region)
                            .credentialsProvider(credentials)
                            .endpointOverride(emulators.s3Endpoint())
                            .build();
                    SqsClient sqs = SqsClient.builder()
                            .region(region)
                            .credentialsProvider(credentials)
                            .endpointOverride(emulators.sqsEndpoint())
                            .build();
                    DynamoDbClient dynamo = DynamoDbClient.builder()
                            .region(region)
                            .credentialsProvider(credentials)
                            .endpointOverride(emulators.dynamoEndpoint())
                            .build()) {
                Template template = Template.load(Home.template());
                StackSettings settings =
                        StackSettings.local("provision-test").withParameters(Map.of("MaxTaskAttempts", "3"));
                Provisioner provisioner = new Provisioner(s3, sqs, dynamo);
                ProvisionedStack first = provisioner.provision(template, settings);
                ProvisionedStack again = provisioner.provision(template, settings);
                assertEquals(first.queues(), again.queues(), "provisioning is idempotent");

                assertTrue(s3.headBucket(b -> b.bucket("provision-test-000000000000-us-east-1"))
                        .sdkHttpResponse()
                        .isSuccessful());
                String mapQueue = first.queueUrl("MapQueue");
                assertTrue(mapQueue.startsWith(emulators.sqsEndpoint().toString()), "the endpoint's real queue URL");
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(
                                b -> b.queueUrl(mapQueue).attributeNames(QueueAttributeName.ALL))
                        .attributes();
                assertEquals("5400", attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT));
                String redrive = attributes.get(QueueAttributeName.REDRIVE_POLICY);
                assertTrue(redrive.contains(first.queueArn("MapDeadLetterQueue")), redrive);
                assertTrue(
                        redrive.contains("\"maxReceiveCount\":3") || redrive.contains("\"maxReceiveCount\":\"3\""),
                        redrive);

                TableDescription table = dynamo.describeTable(b -> b.tableName("provision-test-jobs"))
                        .table();
                assertEquals("ACTIVE", table.tableStatusAsString());
                assertEquals(
                        "jobs-by-time", table.globalSecondaryIndexes().get(0).indexName());

                assertEquals(
                        mapQueue,
                        first.stack()
                                .function("CoordinatorFunction")
                                .environment()
                                .get("GRISTMILL_MAP_QUEUE_URL"),
                        "functions get the real URLs");
            }
        }
    }
}
