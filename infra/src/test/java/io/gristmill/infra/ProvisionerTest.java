package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The requests the provisioner sends, built from the real template. Sending them is covered against the
 * emulators by the local cloud's tests.
 */
class ProvisionerTest {
    private static final Stack STACK =
            Template.load(GristmillTemplateTest.templatePath()).resolve(StackSettings.local("gristmill"));

    @Test
    void queueAttributesCarryTheRedrivePolicyWithTheRealArn() {
        Map<QueueAttributeName, String> attributes = Provisioner.queueAttributes(
                STACK.queue("MapQueue"), "arn:aws:sqs:elasticmq:000000000000:gristmill-map-dlq");
        assertEquals(
                Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        "5400",
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"arn:aws:sqs:elasticmq:000000000000:gristmill-map-dlq\","
                                + "\"maxReceiveCount\":\"8\"}"),
                attributes);
    }

    @Test
    void bucketNotificationsNameTheQueuesAndKeepTheKeyFilters() {
        NotificationConfiguration configuration = Provisioner.notificationConfiguration(STACK.bucket("DataBucket"));
        String queue = "arn:aws:sqs:us-east-1:000000000000:gristmill-coordinator";
        assertEquals(
                List.of(
                        QueueConfiguration.builder()
                                .queueArn(queue)
                                .eventsWithStrings("s3:ObjectCreated:*")
                                .filter(f -> f.key(k -> k.filterRules(
                                        FilterRule.builder()
                                                .name("prefix")
                                                .value("jobs/")
                                                .build(),
                                        FilterRule.builder()
                                                .name("suffix")
                                                .value(".json")
                                                .build())))
                                .build(),
                        QueueConfiguration.builder()
                                .queueArn(queue)
                                .eventsWithStrings("s3:ObjectCreated:*")
                                .filter(f -> f.key(k -> k.filterRules(FilterRule.builder()
                                        .name("prefix")
                                        .value("input/")
                                        .build())))
                                .build()),
                configuration.queueConfigurations());
    }

    @Test
    void deadLetterQueuesKeepMessagesLonger() {
        assertEquals(
                Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        "360",
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                        "1209600"),
                Provisioner.queueAttributes(STACK.queue("MapDeadLetterQueue"), null));
    }

    @Test
    void createTableHasKeysAttributesAndTheIndex() {
        CreateTableRequest request = Provisioner.createTableRequest(STACK.table("JobsTable"));
        assertEquals("gristmill-jobs", request.tableName());
        assertEquals(BillingMode.PAY_PER_REQUEST, request.billingMode());
        assertEquals(
                List.of("pk:S", "sk:S", "listPk:S", "listSk:S"),
                request.attributeDefinitions().stream()
                        .map(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                        .toList());
        assertEquals(
                List.of("pk:HASH", "sk:RANGE"),
                request.keySchema().stream()
                        .map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                        .toList());
        GlobalSecondaryIndex index = request.globalSecondaryIndexes().get(0);
        assertEquals("jobs-by-time", index.indexName());
        assertEquals(
                List.of("listPk:HASH", "listSk:RANGE"),
                index.keySchema().stream()
                        .map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                        .toList());
        assertEquals(ProjectionType.ALL, index.projection().projectionType());
        assertFalse(index.projection().hasNonKeyAttributes());
        assertEquals(1, request.globalSecondaryIndexes().size());
        // On-demand indexes take no throughput.
        assertEquals(null, index.provisionedThroughput());
    }

    @Test
    void createTableWithoutIndexesSendsNoIndexList() {
        TableDef table = new TableDef(
                "T",
                "t",
                List.of(new TableDef.AttributeDef("id", "N")),
                "id",
                null,
                List.of(),
                "PAY_PER_REQUEST",
                null);
        CreateTableRequest request = Provisioner.createTableRequest(table);
        assertFalse(request.hasGlobalSecondaryIndexes());
        assertEquals(
                List.of(KeyType.HASH),
                request.keySchema().stream().map(k -> k.keyType()).toList());
    }

    @Test
    void includeProjectionsNameTheirAttributes() {
        TableDef table = new TableDef(
                "T",
                "t",
                List.of(new TableDef.AttributeDef("id", "S"), new TableDef.AttributeDef("owner", "S")),
                "id",
                null,
                List.of(new TableDef.IndexDef("by-owner", "owner", null, "INCLUDE", List.of("state"))),
                "PAY_PER_REQUEST",
                null);
        GlobalSecondaryIndex index =
                Provisioner.createTableRequest(table).globalSecondaryIndexes().get(0);
        assertEquals(List.of("state"), index.projection().nonKeyAttributes());
        assertEquals(1, index.keySchema().size());
    }

    @Test
    void provisionedTablesAreRefusedWithTheFix() {
        TableDef table = new TableDef("Jobs", "t", List.of(), "id", null, List.of(), "PROVISIONED", null);
        assertEquals(
                "Table Jobs has BillingMode PROVISIONED; the provisioner creates on-demand tables only, so set"
                        + " BillingMode: PAY_PER_REQUEST",
                assertThrows(ProvisioningException.class, () -> Provisioner.createTableRequest(table))
                        .getMessage());
    }

    @Test
    void provisionedStackLooksQueuesUp() {
        QueueEndpoint map = new QueueEndpoint(
                "gristmill-map",
                "http://127.0.0.1:9324/000000000000/gristmill-map",
                "arn:aws:sqs:elasticmq:000000000000:gristmill-map");
        ProvisionedStack provisioned = new ProvisionedStack(STACK, Map.of("MapQueue", map));
        assertEquals(map.url(), provisioned.queueUrl("MapQueue"));
        assertEquals(map.arn(), provisioned.queueArn("MapQueue"));
        assertEquals(
                "Stack gristmill has no queue 'Nope'; its queues are [MapQueue]",
                assertThrows(IllegalArgumentException.class, () -> provisioned.queue("Nope"))
                        .getMessage());
    }

    @Test
    void endpointAttributesAnswerQueuesAndDelegateTheRest() {
        EndpointAttributes attributes =
                new EndpointAttributes(Map.of("Q", new QueueEndpoint("q", "http://x/q", "arn:q")));
        StackSettings settings = StackSettings.local("gristmill");
        NamedResource queue = new NamedResource("Q", "AWS::SQS::Queue", "q");
        assertEquals("http://x/q", attributes.ref(queue, settings));
        assertEquals("arn:q", attributes.getAtt(queue, "Arn", settings));
        assertEquals("http://x/q", attributes.getAtt(queue, "QueueUrl", settings));
        assertEquals("q", attributes.getAtt(queue, "QueueName", settings));
        NamedResource table = new NamedResource("T", "AWS::DynamoDB::Table", "t");
        assertEquals("t", attributes.ref(table, settings));
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/t", attributes.getAtt(table, "Arn", settings));
        NamedResource missing = new NamedResource("Other", "AWS::SQS::Queue", "other");
        assertEquals(
                "Queue Other has not been provisioned",
                assertThrows(TemplateException.class, () -> attributes.ref(missing, settings))
                        .getMessage());
    }
}
