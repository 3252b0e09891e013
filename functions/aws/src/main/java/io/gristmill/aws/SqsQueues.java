package io.gristmill.aws;

import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.cloud.MessageBatches;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.cloud.WorkQueues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The work queues on SQS: task messages go in batches of ten at most; a delivery's visibility is its lease. */
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

    /** Requests in flight at once when a send has many batches (a million map messages are 100,000). */
    static final int PARALLEL_SENDS = 16;

    /**
     * Sends every body in batches ({@link MessageBatches}: ten, or fewer when large); entries the batch
     * call rejects are retried, then the call fails. Many batches go several at a time.
     */
    @Override
    public void send(WorkQueue queue, List<String> bodies) throws IOException {
        String queueUrl = switch (queue) {
            case COORDINATOR -> coordinatorQueueUrl;
            case MAP -> mapQueueUrl;
            case REDUCE -> reduceQueueUrl;
        };
        List<List<String>> batches = MessageBatches.of(bodies);
        if (batches.size() <= 2) {
            for (List<String> batch : batches) sendBatch(queueUrl, batch);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_SENDS, batches.size()), r -> {
            Thread t = new Thread(r, "sqs-send");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (List<String> batch : batches) sent.add(pool.submit(() -> sendBatch(queueUrl, batch)));
            for (Future<?> f : sent) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to " + queueUrl, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException("sending to " + queueUrl + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void sendBatch(String queueUrl, List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
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
                throw new IllegalStateException("SQS refused " + r.failed().size() + " messages to " + queueUrl + ": "
                        + e.code() + " " + e.message());
            }
            List<String> failedIds =
                    r.failed().stream().map(BatchResultErrorEntry::id).toList();
            entries = batch.stream().filter(e -> failedIds.contains(e.id())).toList();
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
