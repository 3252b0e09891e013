package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project's own template.yaml, resolved for the local stack "gristmill". */
class GristmillTemplateTest {
    private static final String SQS = "https://sqs.us-east-1.amazonaws.com/000000000000/";
    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:";

    private static Template template;
    private static Stack stack;

    /** template.yaml sits at the repository root: surefire names it, else the module's parent directory. */
    static Path templatePath() {
        String home = System.getProperty("gristmill.home");
        Path path = home != null ? Path.of(home, "template.yaml") : Path.of("..", "template.yaml");
        assertTrue(Files.isRegularFile(path), "template.yaml not found at " + path.toAbsolutePath());
        return path;
    }

    @BeforeAll
    static void resolve() {
        template = Template.load(templatePath());
        stack = template.resolve(new StackSettings("gristmill", "000000000000", "us-east-1", Map.of()));
    }

    @Test
    void documentIsTheJsonFormOfTheTemplate() {
        Map<String, Object> document = template.document();
        assertEquals("2010-09-09", document.get("AWSTemplateFormatVersion"));
        assertEquals("AWS::Serverless-2016-10-31", document.get("Transform"));
        Map<?, ?> redrive =
                (Map<?, ?>) template.resource("CoordinatorQueue").properties().get("RedrivePolicy");
        assertEquals(
                Map.of("Fn::GetAtt", List.of("CoordinatorDeadLetterQueue", "Arn")), redrive.get("deadLetterTargetArn"));
        assertEquals(
                Map.of("Fn::Sub", "${AWS::StackName}-map"),
                template.resource("MapQueue").properties().get("QueueName"));
        assertEquals(4, template.resourcesOfType("AWS::Serverless::Function").size());
    }

    @Test
    void bucket() {
        BucketDef bucket = stack.bucket("DataBucket");
        assertEquals("gristmill-000000000000-us-east-1", bucket.name());
        assertEquals(
                List.of(
                        new NotificationDef(
                                "CoordinatorQueue",
                                ARN + "gristmill-coordinator",
                                List.of("s3:ObjectCreated:*"),
                                "jobs/",
                                ".json"),
                        new NotificationDef(
                                "CoordinatorQueue",
                                ARN + "gristmill-coordinator",
                                List.of("s3:ObjectCreated:*"),
                                "input/",
                                null)),
                bucket.notifications());
        assertEquals(
                List.of(
                        new LifecycleRuleDef("expire-intermediate-data", true, "_gristmill/", 7, null),
                        new LifecycleRuleDef("abort-incomplete-uploads", true, null, null, 1)),
                bucket.lifecycleRules());
        assertEquals(List.of("DataBucket"), List.copyOf(stack.buckets().keySet()));
    }

    @Test
    void queuesAndTheirDeadLetterQueues() {
        assertEquals(
                List.of(
                        "CoordinatorQueue",
                        "CoordinatorDeadLetterQueue",
                        "MapQueue",
                        "MapDeadLetterQueue",
                        "ReduceQueue",
                        "ReduceDeadLetterQueue"),
                List.copyOf(stack.queues().keySet()));
        // Ten times the coordinator's default timeout of 300 s.
        assertEquals(
                new QueueDef(
                        "CoordinatorQueue",
                        "gristmill-coordinator",
                        3000,
                        null,
                        "CoordinatorDeadLetterQueue",
                        5,
                        false),
                stack.queue("CoordinatorQueue"));
        assertEquals(
                new QueueDef("MapQueue", "gristmill-map", 5400, null, "MapDeadLetterQueue", 8, false),
                stack.queue("MapQueue"));
        assertEquals(
                new QueueDef("ReduceQueue", "gristmill-reduce", 5400, null, "ReduceDeadLetterQueue", 8, false),
                stack.queue("ReduceQueue"));
        for (String prefix : List.of("Coordinator", "Map", "Reduce")) {
            QueueDef deadLetters = stack.queue(prefix + "DeadLetterQueue");
            assertEquals("gristmill-" + prefix.toLowerCase() + "-dlq", deadLetters.name());
            assertEquals(360, deadLetters.visibilityTimeout());
            assertEquals(1209600, deadLetters.messageRetentionPeriod());
            assertNull(deadLetters.deadLetterQueueLogicalId());
            assertNull(deadLetters.maxReceiveCount());
        }
    }

    @Test
    void table() {
        TableDef table = stack.table("JobsTable");
        assertEquals("gristmill-jobs", table.name());
        assertEquals("pk", table.hashKey());
        assertEquals("sk", table.rangeKey());
        assertEquals(
                List.of("pk", "sk", "listPk", "listSk"),
                table.attributes().stream().map(TableDef.AttributeDef::name).toList());
        assertTrue(table.attributes().stream()
                .allMatch(attribute -> attribute.type().equals("S")));
        assertEquals(
                List.of(new TableDef.IndexDef("jobs-by-time", "listPk", "listSk", "ALL", List.of())),
                table.globalSecondaryIndexes());
        assertEquals("listPk", table.index("jobs-by-time").hashKey());
        assertEquals("PAY_PER_REQUEST", table.billingMode());
        assertEquals("expiresAt", table.ttlAttribute());
    }

    @Test
    void everyFunctionSharesTheGlobals() {
        assertEquals(
                List.of("CoordinatorFunction", "MapFunction", "ReduceFunction", "DeadLetterFunction"),
                List.copyOf(stack.functions().keySet()));
        for (FunctionDef function : stack.functions().values()) {
            assertEquals("java21", function.runtime());
            assertEquals(List.of("arm64"), function.architectures());
            assertEquals(".", function.properties().get("CodeUri"));
            Map<String, String> environment = function.environment();
            assertEquals("gristmill-000000000000-us-east-1", environment.get("GRISTMILL_BUCKET"));
            assertEquals("gristmill-jobs", environment.get("GRISTMILL_TABLE"));
            assertEquals(SQS + "gristmill-coordinator", environment.get("GRISTMILL_COORDINATOR_QUEUE_URL"));
            assertEquals(SQS + "gristmill-map", environment.get("GRISTMILL_MAP_QUEUE_URL"));
            assertEquals(SQS + "gristmill-reduce", environment.get("GRISTMILL_REDUCE_QUEUE_URL"));
            assertEquals("64MB", environment.get("GRISTMILL_DEFAULT_SPLIT_SIZE"));
            assertEquals("4", environment.get("GRISTMILL_DEFAULT_REDUCERS"));
            assertEquals("30", environment.get("GRISTMILL_JOB_RETENTION_DAYS"));
            assertNull(function.reservedConcurrency());
            assertEquals("PublishedVersions", function.snapStart());
            assertEquals("live", function.autoPublishAlias());
            assertEquals(
                    "arn:aws:iam::000000000000:role/gristmill-"
                            + function.logicalId().replace("Function", "Role"),
                    function.properties().get("Role"));
            assertEquals(
                    Map.of("LogGroup", "/aws/lambda/" + function.functionName()),
                    function.properties().get("LoggingConfig"));
            assertEquals(List.of(), function.properties().get("Layers"), "the user jobs layer is off by default");
        }
    }

    @Test
    void coordinatorFunction() {
        FunctionDef function = stack.function("CoordinatorFunction");
        assertEquals("gristmill-coordinator", function.functionName());
        assertEquals("io.gristmill.handlers.CoordinatorHandler::handleRequest", function.handler());
        assertEquals(1024, function.memorySize());
        assertEquals(300, function.timeout());
        assertEquals(List.of(new SqsEventDef("Uploads", "CoordinatorQueue", 1, 0, 10, true)), function.sqsEvents());
    }

    @Test
    void mapAndReduceFunctions() {
        FunctionDef map = stack.function("MapFunction");
        assertEquals("gristmill-map", map.functionName());
        assertEquals("io.gristmill.handlers.MapHandler::handleRequest", map.handler());
        assertEquals(1769, map.memorySize());
        assertEquals(900, map.timeout());
        assertEquals(List.of(new SqsEventDef("Tasks", "MapQueue", 1, 0, 100, true)), map.sqsEvents());

        FunctionDef reduce = stack.function("ReduceFunction");
        assertEquals("gristmill-reduce", reduce.functionName());
        assertEquals("io.gristmill.handlers.ReduceHandler::handleRequest", reduce.handler());
        assertEquals(1769, reduce.memorySize());
        assertEquals(900, reduce.timeout());
        assertEquals(List.of(new SqsEventDef("Tasks", "ReduceQueue", 1, 0, 100, true)), reduce.sqsEvents());
    }

    @Test
    void deadLetterFunction() {
        FunctionDef function = stack.function("DeadLetterFunction");
        assertEquals("gristmill-dead-letter", function.functionName());
        assertEquals("io.gristmill.handlers.DeadLetterHandler::handleRequest", function.handler());
        assertEquals(512, function.memorySize());
        assertEquals(60, function.timeout());
        assertEquals(
                List.of(
                        new SqsEventDef("CoordinatorDeadLetters", "CoordinatorDeadLetterQueue", 10, 0, 2, true),
                        new SqsEventDef("MapDeadLetters", "MapDeadLetterQueue", 10, 0, 2, true),
                        new SqsEventDef("ReduceDeadLetters", "ReduceDeadLetterQueue", 10, 0, 2, true)),
                function.sqsEvents());
    }

    @Test
    void outputs() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("BucketName", "gristmill-000000000000-us-east-1");
        expected.put("TableName", "gristmill-jobs");
        expected.put("CoordinatorQueueUrl", SQS + "gristmill-coordinator");
        expected.put("MapQueueUrl", SQS + "gristmill-map");
        expected.put("ReduceQueueUrl", SQS + "gristmill-reduce");
        expected.put("CoordinatorDeadLetterQueueUrl", SQS + "gristmill-coordinator-dlq");
        expected.put("MapDeadLetterQueueUrl", SQS + "gristmill-map-dlq");
        expected.put("ReduceDeadLetterQueueUrl", SQS + "gristmill-reduce-dlq");
        assertEquals(expected, stack.outputs());
    }

    @Test
    void parameterOverridesFlowIntoTheModel() {
        Stack custom = template.resolve(new StackSettings(
                "prod",
                "123456789012",
                "eu-west-1",
                Map.of(
                        "MapMemorySize",
                        "3008",
                        "MaxTaskAttempts",
                        "12",
                        "MaxConcurrency",
                        "50",
                        "DefaultSplitSize",
                        "16MB",
                        "CoordinatorTimeout",
                        "60",
                        "CoordinatorConcurrency",
                        "3")));
        assertEquals("prod-123456789012-eu-west-1", custom.bucket("DataBucket").name());
        assertEquals(3008, custom.function("MapFunction").memorySize());
        assertEquals(12, custom.queue("MapQueue").maxReceiveCount());
        assertEquals(600, custom.queue("CoordinatorQueue").visibilityTimeout());
        assertEquals(
                3, custom.function("CoordinatorFunction").sqsEvent("Uploads").maximumConcurrency());
        assertEquals(50, custom.function("ReduceFunction").sqsEvent("Tasks").maximumConcurrency());
        assertEquals("16MB", custom.function("MapFunction").environment().get("GRISTMILL_DEFAULT_SPLIT_SIZE"));
        assertEquals(
                "https://sqs.eu-west-1.amazonaws.com/123456789012/prod-map",
                custom.function("CoordinatorFunction").environment().get("GRISTMILL_MAP_QUEUE_URL"));
    }

    @Test
    void largeTaskStorageTurnsSnapStartOffForTasksOnly() {
        Stack stack = template.resolve(
                StackSettings.local("gristmill").withParameters(Map.of("TaskEphemeralStorage", "4096")));
        for (String task : List.of("MapFunction", "ReduceFunction")) {
            assertNull(stack.function(task).snapStart(), task);
            assertEquals(
                    Map.of("Size", "4096"), stack.function(task).properties().get("EphemeralStorage"));
        }
        assertEquals("PublishedVersions", stack.function("CoordinatorFunction").snapStart());
        assertEquals(
                "PublishedVersions",
                template.resolve(StackSettings.local("gristmill"))
                        .function("MapFunction")
                        .snapStart());
    }

    @Test
    void badOverridesAreRejected() {
        StackSettings tooSmall = StackSettings.local("gristmill").withParameters(Map.of("MapMemorySize", "128"));
        assertEquals(
                "Parameter 'MapMemorySize' is 128 but must be from 256 to 10240 (MinValue/MaxValue)",
                assertThrows(TemplateException.class, () -> template.resolve(tooSmall))
                        .getMessage());
        StackSettings typo = StackSettings.local("gristmill").withParameters(Map.of("MapMemory", "512"));
        assertTrue(assertThrows(TemplateException.class, () -> template.resolve(typo))
                .getMessage()
                .startsWith("Unknown parameter 'MapMemory': the template declares [MapMemorySize, "));
    }

    @Test
    void endpointAttributesPutRealQueueAddressesEverywhere() {
        Map<String, QueueEndpoint> endpoints = new LinkedHashMap<>();
        for (QueueDef queue : stack.queues().values()) {
            endpoints.put(
                    queue.logicalId(),
                    new QueueEndpoint(
                            queue.name(),
                            "http://127.0.0.1:9324/000000000000/" + queue.name(),
                            "arn:aws:sqs:elasticmq:000000000000:" + queue.name()));
        }
        Stack local = template.resolve(StackSettings.local("gristmill"), new EndpointAttributes(endpoints));
        assertEquals(
                "http://127.0.0.1:9324/000000000000/gristmill-map",
                local.function("CoordinatorFunction").environment().get("GRISTMILL_MAP_QUEUE_URL"));
        assertEquals(
                "http://127.0.0.1:9324/000000000000/gristmill-reduce-dlq", local.output("ReduceDeadLetterQueueUrl"));
        // Links by ARN still find the queues, now by the endpoint's ARNs.
        assertEquals("MapDeadLetterQueue", local.queue("MapQueue").deadLetterQueueLogicalId());
        assertEquals("MapQueue", local.function("MapFunction").sqsEvent("Tasks").queueLogicalId());
        assertEquals(
                "arn:aws:sqs:elasticmq:000000000000:gristmill-coordinator",
                local.bucket("DataBucket").notifications().get(0).queueArn());
        assertEquals(
                "CoordinatorQueue",
                local.bucket("DataBucket").notifications().get(0).queueLogicalId());
    }
}
