package io.gristmill.infra.checks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM actions each SDK client method needs. A method missing here fails the check that uses it, so
 * a new kind of call cannot slip past the least-privilege review.
 */
final class SdkActions {
    static final Map<String, String> CLIENTS = Map.of(
            "software/amazon/awssdk/services/s3/S3Client", "s3",
            "software/amazon/awssdk/services/dynamodb/DynamoDbClient", "dynamodb",
            "software/amazon/awssdk/services/sqs/SqsClient", "sqs");

    /** Client methods that are no service call. */
    private static final Set<String> NOT_CALLS =
            Set.of("close", "builder", "create", "serviceName", "serviceClientConfiguration", "utilities", "waiter");

    private static final Map<String, List<String>> S3 = Map.ofEntries(
            Map.entry("getObject", List.of("s3:GetObject")),
            Map.entry("getObjectAsBytes", List.of("s3:GetObject")),
            Map.entry("headObject", List.of("s3:GetObject")),
            Map.entry("putObject", List.of("s3:PutObject")),
            Map.entry("copyObject", List.of("s3:GetObject", "s3:PutObject")),
            Map.entry("uploadPartCopy", List.of("s3:GetObject", "s3:PutObject")),
            Map.entry("listObjectsV2", List.of("s3:ListBucket")),
            Map.entry("listObjectsV2Paginator", List.of("s3:ListBucket")),
            Map.entry("createMultipartUpload", List.of("s3:PutObject")),
            Map.entry("uploadPart", List.of("s3:PutObject")),
            Map.entry("completeMultipartUpload", List.of("s3:PutObject")),
            Map.entry("abortMultipartUpload", List.of("s3:AbortMultipartUpload")),
            Map.entry("deleteObject", List.of("s3:DeleteObject")),
            Map.entry("deleteObjects", List.of("s3:DeleteObject")));

    private static final Map<String, List<String>> SQS = Map.of(
            "sendMessage", List.of("sqs:SendMessage"),
            "sendMessageBatch", List.of("sqs:SendMessage"),
            "changeMessageVisibility", List.of("sqs:ChangeMessageVisibility"),
            "changeMessageVisibilityBatch", List.of("sqs:ChangeMessageVisibility"),
            "getQueueUrl", List.of("sqs:GetQueueUrl"),
            "receiveMessage", List.of("sqs:ReceiveMessage"),
            "deleteMessage", List.of("sqs:DeleteMessage"),
            "deleteMessageBatch", List.of("sqs:DeleteMessage"),
            "getQueueAttributes", List.of("sqs:GetQueueAttributes"));

    private SdkActions() {}

    /** The actions a call needs; empty for methods that call nothing; null when the call is not mapped. */
    static List<String> of(String client, String method) {
        if (NOT_CALLS.contains(method)) return List.of();
        return switch (CLIENTS.get(client)) {
            case "s3" -> S3.get(method);
            case "sqs" -> SQS.get(method);
            // DynamoDB's actions are its operation names: getItem is dynamodb:GetItem.
            case "dynamodb" -> List.of("dynamodb:" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            default -> null;
        };
    }
}
