package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resolution rules on small templates; GristmillTemplateTest covers the real one. */
class StackResolverTest {
    private static final StackSettings LOCAL = StackSettings.local("mill");

    private static Stack resolve(String yaml) {
        return Template.parse(yaml).resolve(LOCAL);
    }

    private static String error(String yaml) {
        return assertThrows(TemplateException.class, () -> resolve(yaml)).getMessage();
    }

    @Test
    void functionDefaultsAreSams() {
        FunctionDef function = resolve("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handle
                      Events:
                        Q: {Type: SQS, Properties: {Queue: !GetAtt Q.Arn}}
                        Api: {Type: Api, Properties: {Path: /, Method: GET}}
                  Q: {Type: AWS::SQS::Queue}
                """).function("Fn");
        assertEquals("mill-Fn", function.functionName());
        assertEquals(128, function.memorySize());
        assertEquals(3, function.timeout());
        assertEquals(List.of("x86_64"), function.architectures());
        assertEquals(Map.of(), function.environment());
        assertNull(function.runtime());
        assertNull(function.reservedConcurrency());
        assertNull(function.snapStart());
        assertNull(function.autoPublishAlias());
        assertEquals(List.of(new SqsEventDef("Q", "Q", 10, 0, null, false)), function.sqsEvents());
    }

    @Test
    void functionSettingsAreRead() {
        FunctionDef function = resolve("""
                Parameters:
                  Concurrency: {Type: Number, Default: 5}
                Globals:
                  Function:
                    Runtime: java21
                    MemorySize: 1024
                    Environment: {Variables: {SHARED: g, OVERRIDDEN: g}}
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      MemorySize: 2048
                      ReservedConcurrentExecutions: !Ref Concurrency
                      SnapStart: {ApplyOn: PublishedVersions}
                      AutoPublishAlias: live
                      Environment: {Variables: {OVERRIDDEN: own, OWN: 1}}
                      Events:
                        Q:
                          Type: SQS
                          Properties:
                            Queue: !GetAtt Q.Arn
                            BatchSize: 5
                            MaximumBatchingWindowInSeconds: 2
                            FunctionResponseTypes: [ReportBatchItemFailures]
                            ScalingConfig: {MaximumConcurrency: !Ref Concurrency}
                  Q: {Type: AWS::SQS::Queue}
                """).function("Fn");
        assertEquals("java21", function.runtime());
        assertEquals(2048, function.memorySize());
        assertEquals(5, function.reservedConcurrency());
        assertEquals("PublishedVersions", function.snapStart());
        assertEquals("live", function.autoPublishAlias());
        assertEquals(Map.of("SHARED", "g", "OVERRIDDEN", "own", "OWN", "1"), function.environment());
        assertEquals(new SqsEventDef("Q", "Q", 5, 2, 5, true), function.sqsEvent("Q"));
        assertEquals("java21", function.properties().get("Runtime"));
        assertEquals(2048, function.properties().get("MemorySize"));
        assertEquals(
                "Function Fn has no SQS event 'Nope'; it has [Q]",
                assertThrows(TemplateException.class, () -> function.sqsEvent("Nope"))
                        .getMessage());
    }

    @Test
    void snapStartNoneIsOff() {
        assertNull(resolve("""
                Resources:
                  Fn: {Type: AWS::Serverless::Function, Properties: {SnapStart: {ApplyOn: None}}}
                """).function("Fn").snapStart());
    }

    @Test
    void queuesAreFoundByArnWhateverTheForm() {
        Stack stack = resolve("""
                Resources:
                  Main:
                    Type: AWS::SQS::Queue
                    Properties:
                      RedrivePolicy:
                        deadLetterTargetArn: !Sub arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:mill-Dlq
                        maxReceiveCount: '3'
                  Dlq: {Type: AWS::SQS::Queue, Properties: {MessageRetentionPeriod: 60}}
                  Fifo: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true, VisibilityTimeout: 9}}
                """);
        assertEquals(new QueueDef("Main", "mill-Main", 30, null, "Dlq", 3, false), stack.queue("Main"));
        assertEquals(new QueueDef("Dlq", "mill-Dlq", 30, 60, null, null, false), stack.queue("Dlq"));
        assertEquals(new QueueDef("Fifo", "mill-Fifo.fifo", 9, null, null, null, true), stack.queue("Fifo"));
    }

    @Test
    void aDeadLetterQueueOutsideTheStackIsAnError() {
        assertEquals(
                "Queue Main: Resources.Main.Properties.RedrivePolicy.deadLetterTargetArn is"
                        + " arn:aws:sqs:us-east-1:000000000000:elsewhere, not a queue of this stack; use !GetAtt <Queue>.Arn",
                error("""
                        Resources:
                          Main:
                            Type: AWS::SQS::Queue
                            Properties:
                              RedrivePolicy: {deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:elsewhere',
                                              maxReceiveCount: 3}
                        """));
    }

    @Test
    void generatedBucketNamesAreLowerCase() {
        assertEquals(
                "mill-databucket",
                resolve("Resources:\n  DataBucket: {Type: AWS::S3::Bucket}")
                        .bucket("DataBucket")
                        .name());
    }

    @Test
    void notificationsAndLifecycleRules() {
        BucketDef bucket = resolve("""
                Resources:
                  B:
                    Type: AWS::S3::Bucket
                    Properties:
                      NotificationConfiguration:
                        QueueConfigurations:
                          - Event: s3:ObjectCreated:*
                            Queue: !GetAtt Q.Arn
                            Filter: {S3Key: {Rules: [{Name: Prefix, Value: in/}, {Name: suffix, Value: .csv}]}}
                          - {Event: s3:ObjectRemoved:*, Queue: 'arn:aws:sqs:us-east-1:1:other'}
                      LifecycleConfiguration:
                        Rules:
                          - {Id: tmp, Status: Enabled, Prefix: tmp/, ExpirationInDays: 2}
                          - {Status: Disabled, AbortIncompleteMultipartUpload: {DaysAfterInitiation: 1}}
                  Q: {Type: AWS::SQS::Queue}
                """).bucket("B");
        NotificationDef csv = bucket.notifications().get(0);
        assertEquals(
                new NotificationDef(
                        "Q", "arn:aws:sqs:us-east-1:000000000000:mill-Q", List.of("s3:ObjectCreated:*"), "in/", ".csv"),
                csv);
        assertTrue(csv.matches("in/a.csv"));
        assertFalse(csv.matches("in/a.json"));
        assertFalse(csv.matches("out/a.csv"));
        assertEquals(
                new NotificationDef(null, "arn:aws:sqs:us-east-1:1:other", List.of("s3:ObjectRemoved:*"), null, null),
                bucket.notifications().get(1));
        assertTrue(bucket.notifications().get(1).matches("anything"));
        assertEquals(
                List.of(
                        new LifecycleRuleDef("tmp", true, "tmp/", 2, null),
                        new LifecycleRuleDef(null, false, null, null, 1)),
                bucket.lifecycleRules());
    }

    @Test
    void tablesWithoutRangeKeysOrIndexes() {
        TableDef table = resolve("""
                Resources:
                  T:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions: [{AttributeName: id, AttributeType: N}]
                      KeySchema: [{AttributeName: id, KeyType: HASH}]
                      TimeToLiveSpecification: {AttributeName: ttl, Enabled: false}
                """).table("T");
        assertEquals(
                new TableDef(
                        "T",
                        "mill-T",
                        List.of(new TableDef.AttributeDef("id", "N")),
                        "id",
                        null,
                        List.of(),
                        "PROVISIONED",
                        null),
                table);
        assertEquals(
                "Table T has no index 'x'; it has []",
                assertThrows(TemplateException.class, () -> table.index("x")).getMessage());
    }

    @Test
    void aTableWithoutHashKeyIsAnError() {
        assertEquals("Missing HASH key in Resources.T.Properties.KeySchema", error("""
                Resources:
                  T: {Type: AWS::DynamoDB::Table, Properties: {KeySchema: [{AttributeName: id, KeyType: RANGE}]}}
                """));
    }

    @Test
    void conditionsExcludeResourcesAndOutputs() {
        String yaml = """
                Parameters:
                  Env: {Type: String, Default: dev}
                Conditions:
                  IsProd: !Equals [!Ref Env, prod]
                Resources:
                  Q: {Type: AWS::SQS::Queue, Condition: IsProd}
                  Always: {Type: AWS::SQS::Queue}
                Outputs:
                  Url: {Value: !Ref Q, Condition: IsProd}
                  Other: {Value: !If [IsProd, !Ref Q, none]}
                """;
        Stack dev = resolve(yaml);
        assertEquals(List.of("Always"), List.copyOf(dev.queues().keySet()));
        assertEquals(Map.of("Other", "none"), dev.outputs());
        Stack prod = Template.parse(yaml).resolve(LOCAL.withParameters(Map.of("Env", "prod")));
        assertEquals(List.of("Q", "Always"), List.copyOf(prod.queues().keySet()));
        assertEquals("https://sqs.us-east-1.amazonaws.com/000000000000/mill-Q", prod.output("Url"));
        assertEquals("prod", prod.parameter("Env"));
    }

    @Test
    void referencesToExcludedOrUnknownResourcesAreNamed() {
        assertEquals(
                "Outputs.Url.Value.Ref refers to Q, which is not a parameter or a resource of this stack"
                        + " (its Condition is false)",
                error("""
                        Conditions:
                          Never: !Equals [a, b]
                        Resources:
                          Q: {Type: AWS::SQS::Queue, Condition: Never}
                        Outputs:
                          Url: {Value: !Ref Q}
                        """));
        assertEquals(
                "Outputs.Url.Value.Ref refers to Typo, which is not a parameter or a resource of the template",
                error("Resources: {}\nOutputs:\n  Url: {Value: !Ref Typo}"));
    }

    @Test
    void namesMayNotReferToResources() {
        assertEquals(
                "Resources.B.Properties.BucketName.Fn::Sub ${Q.QueueName} refers to resource Q, but resource"
                        + " names and conditions may only use parameters and pseudo parameters",
                error("""
                        Resources:
                          Q: {Type: AWS::SQS::Queue}
                          B: {Type: AWS::S3::Bucket, Properties: {BucketName: !Sub '${Q.QueueName}-data'}}
                        """));
    }

    @Test
    void resourcesWeDoNotModelAreSkippedButCanBeReferenced() {
        Stack stack = resolve("""
                Resources:
                  Q: {Type: AWS::SQS::Queue}
                  Policy: {Type: AWS::SQS::QueuePolicy, Properties: {Queues: [!Ref Q], Weird: !ImportValue x}}
                """);
        assertEquals(List.of("Q"), List.copyOf(stack.queues().keySet()));
    }

    @Test
    void lookupsNameWhatIsMissing() {
        Stack stack = resolve("Resources:\n  Q: {Type: AWS::SQS::Queue}");
        assertEquals(
                "Stack mill has no queue 'Nope'; its queues are [Q]",
                assertThrows(IllegalArgumentException.class, () -> stack.queue("Nope"))
                        .getMessage());
        assertEquals(
                "Stack mill has no bucket 'B'; its buckets are []",
                assertThrows(IllegalArgumentException.class, () -> stack.bucket("B"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> stack.table("T"));
        assertThrows(IllegalArgumentException.class, () -> stack.function("F"));
        assertThrows(IllegalArgumentException.class, () -> stack.output("O"));
        assertThrows(IllegalArgumentException.class, () -> stack.parameter("P"));
        assertEquals("mill", stack.stackName());
    }

    @Test
    void badPropertyValuesNameTheirPath() {
        assertEquals(
                "Expected a whole number at Resources.Q.Properties.VisibilityTimeout, got: soon",
                error("Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: soon}}"));
        assertEquals(
                "Expected true or false at Resources.Q.Properties.FifoQueue, got: maybe",
                error("Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {FifoQueue: maybe}}"));
        assertEquals(
                "Expected a list at Resources.B.Properties.NotificationConfiguration.QueueConfigurations, got: x",
                error("Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {NotificationConfiguration:"
                        + " {QueueConfigurations: x}}}"));
    }

    /** What a production template adds around the modelled resources must resolve, and be passed over. */
    @Test
    void rolesLogGroupsAlarmsPoliciesAndConditionalLayersAreHandled() {
        String yaml = """
                Parameters:
                  Layer: {Type: String, Default: Disabled, AllowedValues: [Enabled, Disabled]}
                Conditions:
                  HasLayer: !Equals [!Ref Layer, Enabled]
                Resources:
                  B: {Type: AWS::S3::Bucket, Properties: {BucketName: mill-data}}
                  BPolicy:
                    Type: AWS::S3::BucketPolicy
                    Properties: {Bucket: !Ref B, PolicyDocument: {Statement: [{Resource: !Sub '${B.Arn}/*'}]}}
                  Logs: {Type: AWS::Logs::LogGroup, Properties: {LogGroupName: /aws/lambda/mill-f, RetentionInDays: 7}}
                  Role: {Type: AWS::IAM::Role, Properties: {Policies: [{PolicyDocument: {Resource: !GetAtt Logs.Arn}}]}}
                  Jars: {Type: AWS::Serverless::LayerVersion, Condition: HasLayer, Properties: {ContentUri: jars/}}
                  Alarm:
                    Type: AWS::CloudWatch::Alarm
                    Properties: {Dimensions: [{Name: FunctionName, Value: !Ref F}]}
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      FunctionName: mill-f
                      Role: !GetAtt Role.Arn
                      LoggingConfig: {LogGroup: !Ref Logs}
                      Layers: !If [HasLayer, [!Ref Jars], !Ref AWS::NoValue]
                Outputs:
                  LayerArn: {Condition: HasLayer, Value: !Ref Jars}
                  RoleArn: {Value: !GetAtt Role.Arn}
                """;
        Stack stack = resolve(yaml);
        FunctionDef function = stack.function("F");
        assertEquals(
                "arn:aws:iam::000000000000:role/mill-Role",
                function.properties().get("Role"));
        assertEquals(
                Map.of("LogGroup", "/aws/lambda/mill-f"), function.properties().get("LoggingConfig"));
        assertFalse(function.properties().containsKey("Layers"));
        assertEquals(Map.of("RoleArn", "arn:aws:iam::000000000000:role/mill-Role"), stack.outputs());
        assertEquals(List.of("B"), List.copyOf(stack.buckets().keySet()));

        Template template = Template.parse(yaml);
        Object document = template.resource("BPolicy").properties().get("PolicyDocument");
        assertEquals(
                Map.of("Statement", List.of(Map.of("Resource", "arn:aws:s3:::mill-data/*"))),
                template.evaluate(document, LOCAL, "Resources.BPolicy.Properties.PolicyDocument"));
        // With the layer enabled, its Ref is an attribute the local stack cannot answer, and says so.
        assertTrue(assertThrows(
                        TemplateException.class,
                        () -> template.resolve(LOCAL.withParameters(Map.of("Layer", "Enabled"))))
                .getMessage()
                .contains("Ref of Jars (AWS::Serverless::LayerVersion)"));
    }
}
