package io.gristmill.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates a stack's buckets, queues and tables on an endpoint (the local emulators, LocalStack or an AWS
 * account), idempotently: what exists is kept, and a queue's attributes are set to the template's.
 *
 * <p>Only what the emulators support is applied. Lifecycle rules are left to the caller, bucket
 * notifications are applied only when asked ({@link #applyNotifications}: the local cloud emits them
 * itself), and table TTL is not enabled (dynalite has no UpdateTimeToLive). Functions are not deployed:
 * the local cloud runs them.
 */
public final class Provisioner {
    private static final Duration TABLE_POLL_INTERVAL = Duration.ofMillis(250);
    private static final int TABLE_POLLS = 1200; // five minutes, ample even on AWS

    private final S3Client s3;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;

    public Provisioner(S3Client s3, SqsClient sqs, DynamoDbClient dynamo) {
        this.s3 = s3;
        this.sqs = sqs;
        this.dynamo = dynamo;
    }

    public ProvisionedStack provision(Template template, StackSettings settings) {
        // Names and dead-letter links do not depend on the endpoint, so AWS's attributes resolve them.
        Stack plan = template.resolve(settings);
        plan.buckets().values().forEach(bucket -> createBucket(bucket, settings.region()));
        Map<String, QueueEndpoint> queues = new LinkedHashMap<>();
        plan.queues().values().forEach(queue -> createQueue(plan, queue, queues, new HashSet<>()));
        plan.tables().values().forEach(this::createTable);
        // Again, now with the endpoint's queue URLs and ARNs, so environments and outputs work there.
        Stack stack = template.resolve(settings, new EndpointAttributes(queues));
        return new ProvisionedStack(stack, queues);
    }

    /**
     * Makes each bucket announce new objects on the queues its NotificationConfiguration names, as
     * CloudFormation would: for endpoints whose S3 sends event notifications itself (LocalStack, AWS). The
     * local cloud's S3 cannot, and sends them itself instead.
     */
    public void applyNotifications(ProvisionedStack provisioned) {
        for (BucketDef bucket : provisioned.stack().buckets().values()) {
            if (bucket.notifications().isEmpty()) {
                continue;
            }
            try {
                s3.putBucketNotificationConfiguration(request ->
                        request.bucket(bucket.name()).notificationConfiguration(notificationConfiguration(bucket)));
            } catch (SdkException e) {
                throw failed("notifications of bucket", bucket.logicalId(), bucket.name(), e);
            }
        }
    }

    /**
     * The bucket's queue notifications with their key filters, addressed to the queues' endpoint ARNs. Rule
     * names are sent as S3's documentation and template.yaml spell them, {@code prefix} and {@code suffix}
     * (the SDK's enum sends {@code Prefix}, which S3 takes, but moto refuses).
     */
    static NotificationConfiguration notificationConfiguration(BucketDef bucket) {
        List<QueueConfiguration> queues = bucket.notifications().stream()
                .map(notification -> {
                    List<FilterRule> rules = new ArrayList<>();
                    if (notification.prefix() != null) {
                        rules.add(FilterRule.builder()
                                .name("prefix")
                                .value(notification.prefix())
                                .build());
                    }
                    if (notification.suffix() != null) {
                        rules.add(FilterRule.builder()
                                .name("suffix")
                                .value(notification.suffix())
                                .build());
                    }
                    QueueConfiguration.Builder queue = QueueConfiguration.builder()
                            .queueArn(notification.queueArn())
                            .eventsWithStrings(notification.events());
                    if (!rules.isEmpty()) {
                        queue.filter(filter -> filter.key(key -> key.filterRules(rules)));
                    }
                    return queue.build();
                })
                .toList();
        return NotificationConfiguration.builder().queueConfigurations(queues).build();
    }

    private void createBucket(BucketDef bucket, String region) {
        try {
            s3.createBucket(request -> {
                request.bucket(bucket.name());
                // us-east-1 is S3's default location and must not be named as a constraint.
                if (!region.equals("us-east-1")) {
                    request.createBucketConfiguration(configuration -> configuration.locationConstraint(region));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            // Created by an earlier run.
        } catch (SdkException e) {
            throw failed("bucket", bucket.logicalId(), bucket.name(), e);
        }
    }

    /** Creates the queue after its dead-letter queue, whose real ARN its RedrivePolicy needs. */
    private QueueEndpoint createQueue(
            Stack plan, QueueDef queue, Map<String, QueueEndpoint> created, Set<String> inProgress) {
        QueueEndpoint done = created.get(queue.logicalId());
        if (done != null) {
            return done;
        }
        if (!inProgress.add(queue.logicalId())) {
            throw new ProvisioningException("Queue " + queue.logicalId() + " is its own dead-letter queue, directly"
                    + " or through others: " + inProgress);
        }
        String deadLetterArn = queue.deadLetterQueueLogicalId() == null
                ? null
                : createQueue(plan, plan.queue(queue.deadLetterQueueLogicalId()), created, inProgress)
                        .arn();
        Map<QueueAttributeName, String> attributes = queueAttributes(queue, deadLetterArn);
        try {
            String url = existingQueueUrl(queue.name());
            if (url == null) {
                Map<QueueAttributeName, String> withType = new LinkedHashMap<>(attributes);
                if (queue.fifo()) {
                    withType.put(QueueAttributeName.FIFO_QUEUE, "true"); // can only be set at creation
                }
                url = sqs.createQueue(request -> request.queueName(queue.name()).attributes(withType))
                        .queueUrl();
            } else {
                // Setting rather than re-creating applies changed attributes instead of failing on them.
                String existing = url;
                sqs.setQueueAttributes(request -> request.queueUrl(existing).attributes(attributes));
            }
            String queueUrl = url;
            String arn = sqs.getQueueAttributes(
                            request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes()
                    .get(QueueAttributeName.QUEUE_ARN);
            QueueEndpoint endpoint = new QueueEndpoint(queue.name(), url, arn);
            created.put(queue.logicalId(), endpoint);
            return endpoint;
        } catch (SdkException e) {
            throw failed("queue", queue.logicalId(), queue.name(), e);
        }
    }

    private String existingQueueUrl(String name) {
        try {
            return sqs.getQueueUrl(request -> request.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return null;
        }
    }

    /** The queue's settable attributes; {@code deadLetterArn} is its dead-letter queue's real ARN, or null. */
    static Map<QueueAttributeName, String> queueAttributes(QueueDef queue, String deadLetterArn) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeout()));
        if (queue.messageRetentionPeriod() != null) {
            attributes.put(
                    QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                    queue.messageRetentionPeriod().toString());
        }
        if (deadLetterArn != null) {
            attributes.put(
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                            + queue.maxReceiveCount() + "\"}");
        }
        return attributes;
    }

    private void createTable(TableDef table) {
        try {
            dynamo.createTable(createTableRequest(table));
        } catch (ResourceInUseException e) {
            // It exists already (from an earlier run), or is being created: either way, wait for it.
        } catch (SdkException e) {
            throw failed("table", table.logicalId(), table.name(), e);
        }
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder()
                .client(dynamo)
                .overrideConfiguration(o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(TABLE_POLL_INTERVAL))
                        .maxAttempts(TABLE_POLLS))
                .build()) {
            waiter.waitUntilTableExists(request -> request.tableName(table.name())); // i.e. until ACTIVE
        } catch (SdkException e) {
            throw failed("table", table.logicalId(), table.name(), e);
        }
    }

    /** CreateTable for the table: its keys, key attributes and global secondary indexes, billed on demand. */
    static CreateTableRequest createTableRequest(TableDef table) {
        if (!BillingMode.PAY_PER_REQUEST.toString().equals(table.billingMode())) {
            throw new ProvisioningException("Table " + table.logicalId() + " has BillingMode " + table.billingMode()
                    + "; the provisioner creates on-demand tables only, so set BillingMode: PAY_PER_REQUEST");
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(table.name())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(table.attributes().stream()
                        .map(attribute -> AttributeDefinition.builder()
                                .attributeName(attribute.name())
                                .attributeType(attribute.type())
                                .build())
                        .toList())
                .keySchema(keySchema(table.hashKey(), table.rangeKey()));
        // An explicitly empty index list is an error to DynamoDB, so none is sent when there are none.
        if (!table.globalSecondaryIndexes().isEmpty()) {
            request.globalSecondaryIndexes(table.globalSecondaryIndexes().stream()
                    .map(index -> {
                        Projection.Builder projection = Projection.builder().projectionType(index.projectionType());
                        if (!index.nonKeyAttributes().isEmpty()) {
                            projection.nonKeyAttributes(index.nonKeyAttributes());
                        }
                        return GlobalSecondaryIndex.builder()
                                .indexName(index.name())
                                .keySchema(keySchema(index.hashKey(), index.rangeKey()))
                                .projection(projection.build())
                                .build();
                    })
                    .toList());
        }
        return request.build();
    }

    private static List<KeySchemaElement> keySchema(String hashKey, String rangeKey) {
        KeySchemaElement hash = KeySchemaElement.builder()
                .attributeName(hashKey)
                .keyType(KeyType.HASH)
                .build();
        return rangeKey == null
                ? List.of(hash)
                : List.of(
                        hash,
                        KeySchemaElement.builder()
                                .attributeName(rangeKey)
                                .keyType(KeyType.RANGE)
                                .build());
    }

    private static ProvisioningException failed(String kind, String logicalId, String name, SdkException e) {
        return new ProvisioningException(
                "Cannot create " + kind + " " + logicalId + " (" + name + "): " + e.getMessage(), e);
    }
}
