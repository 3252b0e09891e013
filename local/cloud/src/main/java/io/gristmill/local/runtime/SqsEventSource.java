package io.gristmill.local.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * An SQS event source mapping, as Lambda runs one: poll the queue, gather a batch (up to the batch
 * size, within the batching window), invoke the function, then delete the messages it did not
 * report as failed. A function error deletes nothing: the messages reappear when their visibility
 * timeout ends. At most {@code maximumConcurrency} invocations run at once.
 */
public final class SqsEventSource implements AutoCloseable {
    /**
     * Settings of one SQS event of a function in template.yaml.
     *
     * @param reportBatchItemFailures FunctionResponseTypes has ReportBatchItemFailures: without it,
     *     Lambda ignores what the function returns and deletes the whole batch when it succeeds
     */
    public record Mapping(
            String queueUrl,
            String queueArn,
            int batchSize,
            int batchingWindowSeconds,
            int maximumConcurrency,
            boolean reportBatchItemFailures) {}

    private final SqsClient sqs;
    private final FunctionConfig function;
    private final Mapping mapping;
    private final FunctionRuntime runtime;
    private final String region;
    private final Consumer<String> errors;
    private final Semaphore concurrency;
    private final ExecutorService poller;
    private final ExecutorService invokers;
    private final AtomicLong invocations = new AtomicLong();
    private volatile boolean running = true;

    public SqsEventSource(
            SqsClient sqs,
            FunctionConfig function,
            Mapping mapping,
            FunctionRuntime runtime,
            String region,
            Consumer<String> errors) {
        this.sqs = sqs;
        this.function = function;
        this.mapping = mapping;
        this.runtime = runtime;
        this.region = region;
        this.errors = errors;
        this.concurrency = new Semaphore(Math.max(1, mapping.maximumConcurrency()));
        this.poller = Executors.newSingleThreadExecutor(r -> daemon(r, "esm-" + function.name()));
        this.invokers = Executors.newCachedThreadPool(r -> daemon(r, "esm-invoke-" + function.name()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public SqsEventSource start() {
        poller.submit(this::poll);
        return this;
    }

    public long invocations() {
        return invocations.get();
    }

    private void poll() {
        while (running) {
            try {
                concurrency.acquire();
                List<Message> batch = receiveBatch();
                if (batch.isEmpty()) {
                    concurrency.release();
                    continue;
                }
                invokers.submit(() -> {
                    try {
                        invoke(batch);
                    } finally {
                        concurrency.release();
                    }
                });
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                concurrency.release();
                if (!running) return;
                errors.accept(function.name() + " event source: " + e);
                sleep(500);
            }
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnd = System.currentTimeMillis() + mapping.batchingWindowSeconds() * 1000L;
        while (running && batch.size() < mapping.batchSize()) {
            int want = Math.min(10, mapping.batchSize() - batch.size());
            boolean first = batch.isEmpty();
            ReceiveMessageResponse r = sqs.receiveMessage(b -> b.queueUrl(mapping.queueUrl())
                    .maxNumberOfMessages(want)
                    .waitTimeSeconds(first ? 1 : 0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All"));
            batch.addAll(r.messages());
            if (batch.isEmpty() || r.messages().isEmpty() || System.currentTimeMillis() >= windowEnd) break;
        }
        return batch;
    }

    private void invoke(List<Message> batch) {
        List<QueueMessage> messages = new ArrayList<>();
        for (Message m : batch) {
            Map<String, String> attributes = new java.util.HashMap<>();
            m.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            messages.add(new QueueMessage(m.messageId(), m.receiptHandle(), m.body(), m.md5OfBody(), attributes));
        }
        try {
            invocations.incrementAndGet();
            BatchResult result = runtime.invokeSqs(function, messages, mapping.queueArn(), region);
            if (result.error() != null) errors.accept(function.name() + ": " + result.error());
            boolean ignoreResponse = result.error() == null && !mapping.reportBatchItemFailures();
            delete(batch, ignoreResponse ? Set.of() : result.retry());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) errors.accept(function.name() + " invocation: " + e);
        }
    }

    private void delete(List<Message> batch, Set<String> retry) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (Message m : batch) {
            if (retry.contains(m.messageId())) continue;
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(entries.size()))
                    .receiptHandle(m.receiptHandle())
                    .build());
        }
        for (int i = 0; i < entries.size(); i += 10) {
            List<DeleteMessageBatchRequestEntry> part = entries.subList(i, Math.min(i + 10, entries.size()));
            sqs.deleteMessageBatch(b -> b.queueUrl(mapping.queueUrl()).entries(part));
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops polling and invoking, without waiting: a poll in progress ends within its one-second wait and then
     * does nothing, even if the client it used is closed meanwhile. {@link #close} also waits for that.
     */
    public void stop() {
        running = false;
        poller.shutdownNow();
        invokers.shutdownNow();
    }

    @Override
    public void close() {
        stop();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
