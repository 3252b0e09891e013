package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsAttributesTest {
    private static final StackSettings SETTINGS = new StackSettings("mill", "123456789012", "eu-west-1", Map.of());
    private static final AwsAttributes AWS = AwsAttributes.INSTANCE;

    @Test
    void queues() {
        NamedResource queue = new NamedResource("MapQueue", "AWS::SQS::Queue", "mill-map");
        assertEquals("https://sqs.eu-west-1.amazonaws.com/123456789012/mill-map", AWS.ref(queue, SETTINGS));
        assertEquals("arn:aws:sqs:eu-west-1:123456789012:mill-map", AWS.getAtt(queue, "Arn", SETTINGS));
        assertEquals("mill-map", AWS.getAtt(queue, "QueueName", SETTINGS));
        assertEquals(AWS.ref(queue, SETTINGS), AWS.getAtt(queue, "QueueUrl", SETTINGS));
    }

    @Test
    void buckets() {
        NamedResource bucket = new NamedResource("Data", "AWS::S3::Bucket", "mill-data");
        assertEquals("mill-data", AWS.ref(bucket, SETTINGS));
        assertEquals("arn:aws:s3:::mill-data", AWS.getAtt(bucket, "Arn", SETTINGS));
    }

    @Test
    void tables() {
        NamedResource table = new NamedResource("Jobs", "AWS::DynamoDB::Table", "mill-jobs");
        assertEquals("mill-jobs", AWS.ref(table, SETTINGS));
        assertEquals("arn:aws:dynamodb:eu-west-1:123456789012:table/mill-jobs", AWS.getAtt(table, "Arn", SETTINGS));
    }

    @Test
    void functions() {
        for (String type : new String[] {"AWS::Serverless::Function", "AWS::Lambda::Function"}) {
            NamedResource function = new NamedResource("Map", type, "mill-map");
            assertEquals("mill-map", AWS.ref(function, SETTINGS));
            assertEquals(
                    "arn:aws:lambda:eu-west-1:123456789012:function:mill-map", AWS.getAtt(function, "Arn", SETTINGS));
        }
    }

    @Test
    void rolesAndLogGroups() {
        NamedResource role = new NamedResource("MapRole", "AWS::IAM::Role", "mill-MapRole");
        assertEquals("mill-MapRole", AWS.ref(role, SETTINGS));
        assertEquals("arn:aws:iam::123456789012:role/mill-MapRole", AWS.getAtt(role, "Arn", SETTINGS));
        NamedResource logs = new NamedResource("MapLogs", "AWS::Logs::LogGroup", "/aws/lambda/mill-map");
        assertEquals("/aws/lambda/mill-map", AWS.ref(logs, SETTINGS));
        assertEquals(
                "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/mill-map:*",
                AWS.getAtt(logs, "Arn", SETTINGS));
    }

    @Test
    void unsupportedAttributesAndTypesAreNamed() {
        NamedResource table = new NamedResource("Jobs", "AWS::DynamoDB::Table", "mill-jobs");
        assertEquals(
                "Fn::GetAtt Jobs.StreamArn is not supported (Jobs is an AWS::DynamoDB::Table)",
                assertThrows(TemplateException.class, () -> AWS.getAtt(table, "StreamArn", SETTINGS))
                        .getMessage());
        NamedResource policy = new NamedResource("Policy", "AWS::SQS::QueuePolicy", null);
        assertEquals(
                "Ref of Policy (AWS::SQS::QueuePolicy) is not supported",
                assertThrows(TemplateException.class, () -> AWS.ref(policy, SETTINGS))
                        .getMessage());
    }
}
