package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.infra.BucketDef;
import io.gristmill.infra.LifecycleRuleDef;
import io.gristmill.infra.Stack;
import io.gristmill.infra.Template;
import io.gristmill.infra.TemplateResource;
import io.gristmill.protocol.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the data bucket, the table, the queues, the alarms and the outputs must have. */
class StackResourcesTest {
    private static final Template TEMPLATE = TemplateUnderTest.template();
    private static final Stack STACK = TemplateUnderTest.resolve(Map.of());

    private static TemplateResource bucket() {
        return TEMPLATE.resource("DataBucket");
    }

    @Test
    void theBucketIsPrivateAndEncrypted() {
        assertEquals(
                Map.of(
                        "BlockPublicAcls",
                        true,
                        "BlockPublicPolicy",
                        true,
                        "IgnorePublicAcls",
                        true,
                        "RestrictPublicBuckets",
                        true),
                TemplateUnderTest.property(bucket(), "PublicAccessBlockConfiguration"));
        assertEquals(
                List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256"))),
                TemplateUnderTest.property(bucket(), "BucketEncryption", "ServerSideEncryptionConfiguration"));
        assertEquals(
                List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")),
                TemplateUnderTest.property(bucket(), "OwnershipControls", "Rules"));
    }

    @Test
    void theBucketRefusesRequestsWithoutTls() {
        TemplateResource policy =
                TEMPLATE.resourcesOfType("AWS::S3::BucketPolicy").get(0);
        assertEquals(Map.of("Ref", "DataBucket"), policy.properties().get("Bucket"));
        Object document =
                TEMPLATE.evaluate(policy.properties().get("PolicyDocument"), TemplateUnderTest.STACK, "policy");
        Map<?, ?> deny = PolicyDocuments.statements(document).stream()
                .filter(s -> "Deny".equals(s.get("Effect")))
                .findFirst()
                .orElseThrow();
        assertEquals("*", deny.get("Principal"));
        assertEquals("s3:*", deny.get("Action"));
        String arn = "arn:aws:s3:::" + STACK.bucket("DataBucket").name();
        assertEquals(List.of(arn, arn + "/*"), deny.get("Resource"));
        assertEquals(Map.of("Bool", Map.of("aws:SecureTransport", "false")), deny.get("Condition"));
    }

    @Test
    void intermediateDataExpires() {
        BucketDef bucket = STACK.bucket("DataBucket");
        int days = Integer.parseInt(STACK.parameter("IntermediateRetentionDays"));
        LifecycleRuleDef expiry = bucket.lifecycleRules().stream()
                .filter(r -> r.enabled() && Integer.valueOf(days).equals(r.expirationInDays()))
                .findFirst()
                .orElseThrow();
        // It covers the protocol's intermediate data, and nothing a job may write its output to.
        assertTrue(Keys.WORK.startsWith(expiry.prefix()), expiry.toString());
        assertTrue(JobSpec.RESERVED_PREFIXES.contains(expiry.prefix()), expiry.toString());
        assertTrue(
                bucket.lifecycleRules().stream()
                        .anyMatch(r -> r.enabled()
                                && r.prefix() == null
                                && Integer.valueOf(1).equals(r.abortIncompleteUploadDays())),
                "incomplete uploads are aborted");
    }

    @Test
    void theTableIsOnDemandRecoverableAndExpiresFinishedJobs() {
        TemplateResource table = TEMPLATE.resource("JobsTable");
        assertEquals("PAY_PER_REQUEST", table.properties().get("BillingMode"));
        assertEquals(
                true,
                TemplateUnderTest.property(table, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"));
        assertEquals("expiresAt", STACK.table("JobsTable").ttlAttribute());
    }

    @Test
    void everyQueueIsEncrypted() {
        for (TemplateResource queue : TEMPLATE.resourcesOfType("AWS::SQS::Queue")) {
            assertEquals(true, queue.properties().get("SqsManagedSseEnabled"), queue.logicalId());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionAndEveryQueueHasAnAlarm() {
        Set<String> alarmed = new TreeSet<>();
        Set<String> ageAlarmed = new TreeSet<>();
        for (TemplateResource alarm : TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<?, ?> dimension = ((List<Map<?, ?>>) TemplateUnderTest.property(alarm, "Dimensions")).get(0);
            String metric = alarm.properties().get("Namespace") + "/"
                    + alarm.properties().get("MetricName");
            if (metric.equals("AWS/Lambda/Errors") && dimension.get("Name").equals("FunctionName")) {
                alarmed.add(String.valueOf(((Map<?, ?>) dimension.get("Value")).get("Ref")));
            }
            if (metric.equals("AWS/SQS/ApproximateNumberOfMessagesVisible")
                    && dimension.get("Name").equals("QueueName")) {
                alarmed.add(String.valueOf(((List<?>) ((Map<?, ?>) dimension.get("Value")).get("Fn::GetAtt")).get(0)));
            }
            if (metric.equals("AWS/SQS/ApproximateAgeOfOldestMessage")
                    && dimension.get("Name").equals("QueueName")) {
                ageAlarmed.add(
                        String.valueOf(((List<?>) ((Map<?, ?>) dimension.get("Value")).get("Fn::GetAtt")).get(0)));
                assertEquals(
                        Map.of("Ref", "QueueAgeAlarmSeconds"),
                        alarm.properties().get("Threshold"),
                        alarm.logicalId());
            }
            assertEquals(
                    Map.of(
                            "Fn::If",
                            List.of(
                                    "HasAlarmTopic",
                                    List.of(Map.of("Ref", "AlarmTopicArn")),
                                    Map.of("Ref", "AWS::NoValue"))),
                    alarm.properties().get("AlarmActions"),
                    alarm.logicalId());
        }
        Set<String> expected = new TreeSet<>(STACK.functions().keySet());
        STACK.queues().values().stream()
                .filter(q -> q.deadLetterQueueLogicalId() != null)
                .forEach(q -> expected.add(q.deadLetterQueueLogicalId()));
        assertEquals(expected, alarmed);
        // Deliveries throttled by the account's concurrency show only in the age of the work queues' messages.
        Set<String> workQueues = new TreeSet<>();
        STACK.queues().values().stream()
                .filter(q -> q.deadLetterQueueLogicalId() != null)
                .forEach(q -> workQueues.add(q.logicalId()));
        assertEquals(Set.of("CoordinatorQueue", "MapQueue", "ReduceQueue"), workQueues);
        assertEquals(workQueues, ageAlarmed);
    }

    /**
     * AWS advises at least 5 receives before a message is dead-lettered, and a throttled delivery is one.
     * A Rules assertion refuses fewer on AWS; MinValue stays lower for the local cloud's quick retries.
     */
    @Test
    @SuppressWarnings("unchecked")
    void cloudFormationRefusesFewerThanFiveTaskAttempts() {
        int min = Integer.parseInt(
                String.valueOf(TEMPLATE.parameters().get("MaxTaskAttempts").get("MinValue")));
        List<String> refused = java.util.stream.IntStream.range(min, 5)
                .mapToObj(String::valueOf)
                .toList();
        Map<String, Object> rule = (Map<String, Object>)
                ((Map<String, Object>) TEMPLATE.document().get("Rules")).get("EnoughTaskAttempts");
        Map<String, Object> assertion = ((List<Map<String, Object>>) rule.get("Assertions")).get(0);
        assertEquals(
                Map.of("Fn::Not", List.of(Map.of("Fn::Contains", List.of(refused, Map.of("Ref", "MaxTaskAttempts"))))),
                assertion.get("Assert"));
    }

    @Test
    void theOutputsNameTheBucketTheTableAndEveryQueue() {
        Set<String> named = new TreeSet<>();
        TEMPLATE.outputs().forEach((name, output) -> {
            if (output.get("Value") instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id) named.add(id);
        });
        List<String> missing = new ArrayList<>(STACK.queues().keySet());
        missing.removeAll(named);
        assertEquals(List.of(), missing, "queues without a URL output");
        assertEquals(STACK.bucket("DataBucket").name(), STACK.output("BucketName"));
        assertEquals(STACK.table("JobsTable").name(), STACK.output("TableName"));
    }
}
