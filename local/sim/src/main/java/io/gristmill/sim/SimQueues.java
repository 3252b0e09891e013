package io.gristmill.sim;

import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.cloud.MessageBatches;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.cloud.WorkQueues;
import java.util.List;

/**
 * The stack's queues, simulated as template.yaml declares them (each work queue with a dead-letter
 * queue after MaxTaskAttempts receives, visibility timeouts of 5,400 s and 3,000 s), with SQS's
 * request counts: task messages in SendMessageBatch requests of ten at most and 256 KB in all (sent 16
 * at a time when there are many, as {@code SqsQueues} does), one ChangeMessageVisibility per lease
 * renewal, one GetQueueUrl per instance and queue (the first renewal's lookup). Charges per 64 KB of
 * payload, which SQS bills as one request each, are counted separately.
 */
final class SimQueues implements WorkQueues {
    static final int PARALLEL_SENDS = 16;

    final SimQueue coordinator;
    final SimQueue map;
    final SimQueue reduce;
    final SimQueue coordinatorDeadLetters;
    final SimQueue mapDeadLetters;
    final SimQueue reduceDeadLetters;
    private final VirtualTime time;
    private final AwsModel model;
    private final Requests requests;
    private long billedChunks;
    private final java.util.Set<String> urlsKnown = new java.util.HashSet<>();

    SimQueues(VirtualTime time, AwsModel model, Requests requests, int maxTaskAttempts) {
        this.time = time;
        this.model = model;
        this.requests = requests;
        coordinatorDeadLetters = new SimQueue("coordinator-dlq", time, 360, 0, null);
        mapDeadLetters = new SimQueue("map-dlq", time, 360, 0, null);
        reduceDeadLetters = new SimQueue("reduce-dlq", time, 360, 0, null);
        coordinator = new SimQueue("coordinator", time, 3000, 5, coordinatorDeadLetters);
        map = new SimQueue("map", time, 5400, maxTaskAttempts, mapDeadLetters);
        reduce = new SimQueue("reduce", time, 5400, maxTaskAttempts, reduceDeadLetters);
    }

    List<SimQueue> all() {
        return List.of(coordinator, map, reduce, coordinatorDeadLetters, mapDeadLetters, reduceDeadLetters);
    }

    /** SQS requests as billed: one per 64 KB of each request's payload. */
    synchronized long billedChunks() {
        return billedChunks;
    }

    synchronized void bill(long bytes) {
        billedChunks += Math.max(1, (bytes + 65535) / 65536);
    }

    @Override
    public void send(WorkQueue queue, List<String> messages) {
        if (messages.isEmpty()) return;
        List<List<String>> batches = MessageBatches.of(messages);
        requests.add("Sqs.SendMessageBatch", batches.size());
        for (List<String> b : batches) bill(b.stream().mapToLong(String::length).sum());
        SimQueue q = queue == WorkQueue.MAP ? map : reduce;
        for (String m : messages) q.send(m);
        long rounds = batches.size() <= 2 ? batches.size() : (batches.size() + PARALLEL_SENDS - 1) / PARALLEL_SENDS;
        time.sleep(rounds * model.sqsMillis());
    }

    @Override
    public void hide(Delivery delivery, int seconds) {
        // Each instance looks a queue's URL up from its ARN once (SqsQueues.urlOf), then reuses it.
        boolean first;
        synchronized (this) {
            first = urlsKnown.add(delivery.worker() + " " + delivery.queueArn());
        }
        if (first) {
            requests.add("Sqs.GetQueueUrl", 1);
            bill(0);
            time.sleep(model.sqsMillis());
        }
        requests.add("Sqs.ChangeMessageVisibility", 1);
        bill(0);
        byName(delivery.queueArn()).hide(delivery.receiptHandle(), seconds);
        time.sleep(model.sqsMillis());
    }

    /** The message the event source's invocation handled is deleted (Lambda deletes it, billed to the stack). */
    void delete(SimQueue queue, Delivery delivery) {
        requests.add("Sqs.DeleteMessageBatch", 1);
        bill(0);
        queue.delete(delivery.receiptHandle());
    }

    /** A poll that received a message (long polls that receive nothing are not counted, nor billed here). */
    void received() {
        requests.add("Sqs.ReceiveMessage", 1);
        bill(0);
    }

    SimQueue byName(String name) {
        for (SimQueue q : all()) {
            if (q.name.equals(name)) return q;
        }
        throw new IllegalArgumentException("no queue " + name);
    }
}
