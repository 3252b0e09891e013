package io.gristmill.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Sends task messages in batches of ten, and moves a failed message's next delivery. */
public final class TaskQueues {
    private final SqsClient sqs;
    private final Map<String, String> urlsByArn = new ConcurrentHashMap<>();

    public TaskQueues(SqsClient sqs) {
        this.sqs = sqs;
    }

    public SqsClient client() {
        return sqs;
    }

    /** Sends every body; entries the batch call rejects are retried, then the call fails. */
    public void sendAll(String queueUrl, List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, bodies.size()); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i)).build());
            }
            for (int attempt = 0; !entries.isEmpty(); attempt++) {
                List<SendMessageBatchRequestEntry> batch = entries;
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
                if (r.failed().isEmpty()) break;
                if (attempt >= 4) {
                    BatchResultErrorEntry e = r.failed().get(0);
                    throw new IllegalStateException("SQS refused " + r.failed().size() + " messages to " + queueUrl
                            + ": " + e.code() + " " + e.message());
                }
                List<String> failedIds = r.failed().stream().map(BatchResultErrorEntry::id).toList();
                entries = batch.stream().filter(e -> failedIds.contains(e.id())).toList();
            }
        }
    }

    /** Sets when a received message becomes visible again (a retry's delay, or a lease). */
    public void changeVisibility(String queueArn, String receiptHandle, int seconds) {
        sqs.changeMessageVisibility(b -> b.queueUrl(urlOf(queueArn)).receiptHandle(receiptHandle)
                .visibilityTimeout(seconds));
    }

    /** The URL of a queue named by its ARN ({@code arn:aws:sqs:region:account:name}), looked up once. */
    public String urlOf(String queueArn) {
        return urlsByArn.computeIfAbsent(queueArn, arn -> {
            String[] parts = arn.split(":");
            String name = parts[parts.length - 1];
            String account = parts.length >= 5 ? parts[4] : null;
            return sqs.getQueueUrl(b -> {
                b.queueName(name);
                if (account != null && !account.isEmpty()) b.queueOwnerAWSAccountId(account);
            }).queueUrl();
        });
    }
}
