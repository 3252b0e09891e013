package io.gristmill.aws;

import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.cloud.WorkQueues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The work queues on SQS: task messages go in batches of ten; a delivery's visibility is its lease. */
public final class SqsQueues implements WorkQueues {
    private final SqsClient sqs;
    private final String coordinatorQueueUrl;
    private final String mapQueueUrl;
    private final String reduceQueueUrl;
    private final Map<String, String> urlsByArn = new ConcurrentHashMap<>();

    public SqsQueues(SqsClient sqs, String coordinatorQueueUrl, String mapQueueUrl, String reduceQueueUrl) {
        this.sqs = sqs;
        this.coordinatorQueueUrl = coordinatorQueueUrl;
        this.mapQueueUrl = mapQueueUrl;
        this.reduceQueueUrl = reduceQueueUrl;
    }

    /** Sends every body; entries the batch call rejects are retried, then the call fails. */
    @Override
    public void send(WorkQueue queue, List<String> bodies) {
        String queueUrl = switch (queue) {
            case COORDINATOR -> coordinatorQueueUrl;
            case MAP -> mapQueueUrl;
            case REDUCE -> reduceQueueUrl;
        };
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, bodies.size()); i++) {
                entries.add(SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .messageBody(bodies.get(i))
                        .build());
            }
            for (int attempt = 0; !entries.isEmpty(); attempt++) {
                List<SendMessageBatchRequestEntry> batch = entries;
                SendMessageBatchResponse r =
                        sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
                if (r.failed().isEmpty()) break;
                if (attempt >= 4) {
                    BatchResultErrorEntry e = r.failed().get(0);
                    throw new IllegalStateException("SQS refused " + r.failed().size() + " messages to " + queueUrl
                            + ": " + e.code() + " " + e.message());
                }
                List<String> failedIds =
                        r.failed().stream().map(BatchResultErrorEntry::id).toList();
                entries = batch.stream().filter(e -> failedIds.contains(e.id())).toList();
            }
        }
    }

    @Override
    public void hide(Delivery delivery, int seconds) {
        sqs.changeMessageVisibility(b -> b.queueUrl(urlOf(delivery.queueArn()))
                .receiptHandle(delivery.receiptHandle())
                .visibilityTimeout(seconds));
    }

    /** The URL of a queue named by its ARN ({@code arn:aws:sqs:region:account:name}), looked up once. */
    String urlOf(String queueArn) {
        return urlsByArn.computeIfAbsent(queueArn, arn -> {
            String[] parts = arn.split(":");
            String name = parts[parts.length - 1];
            String account = parts.length >= 5 ? parts[4] : null;
            return sqs.getQueueUrl(b -> {
                        b.queueName(name);
                        if (account != null && !account.isEmpty()) b.queueOwnerAWSAccountId(account);
                    })
                    .queueUrl();
        });
    }
}
