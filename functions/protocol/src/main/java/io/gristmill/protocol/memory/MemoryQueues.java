package io.gristmill.protocol.memory;

import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.cloud.Clock;
import io.gristmill.protocol.cloud.MessageBatches;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.cloud.WorkQueues;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stack's queues in memory, as template.yaml declares them: the coordinator's, the map and
 * reduce queues, each with a dead-letter queue that takes a message after {@code maxReceives}.
 */
public final class MemoryQueues implements WorkQueues {
    private final MemoryQueue coordinator;
    private final MemoryQueue map;
    private final MemoryQueue reduce;
    private final MemoryQueue coordinatorDeadLetters;
    private final MemoryQueue mapDeadLetters;
    private final MemoryQueue reduceDeadLetters;
    private final Map<String, AtomicLong> requests = new TreeMap<>();

    public MemoryQueues(Clock clock, int visibilitySeconds, int maxReceives) {
        coordinatorDeadLetters = new MemoryQueue("coordinator-dlq", clock, visibilitySeconds, 0, null);
        mapDeadLetters = new MemoryQueue("map-dlq", clock, visibilitySeconds, 0, null);
        reduceDeadLetters = new MemoryQueue("reduce-dlq", clock, visibilitySeconds, 0, null);
        coordinator = new MemoryQueue("coordinator", clock, visibilitySeconds, maxReceives, coordinatorDeadLetters);
        map = new MemoryQueue("map", clock, visibilitySeconds, maxReceives, mapDeadLetters);
        reduce = new MemoryQueue("reduce", clock, visibilitySeconds, maxReceives, reduceDeadLetters);
    }

    public MemoryQueue coordinator() {
        return coordinator;
    }

    public MemoryQueue map() {
        return map;
    }

    public MemoryQueue reduce() {
        return reduce;
    }

    /** The three dead-letter queues, which the dead-letter function consumes. */
    public List<MemoryQueue> deadLetters() {
        return List.of(coordinatorDeadLetters, mapDeadLetters, reduceDeadLetters);
    }

    public List<MemoryQueue> all() {
        return List.of(coordinator, map, reduce, coordinatorDeadLetters, mapDeadLetters, reduceDeadLetters);
    }

    private synchronized void count(String operation, long n) {
        requests.computeIfAbsent("Sqs." + operation, k -> new AtomicLong()).addAndGet(n);
    }

    /** Requests the protocol made so far, by operation ({@code SQS.SendMessageBatch}...). */
    public synchronized Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public void send(WorkQueue queue, List<String> messages) {
        if (messages.isEmpty()) return;
        count("SendMessageBatch", MessageBatches.of(messages).size());
        MemoryQueue q = switch (queue) {
            case COORDINATOR -> coordinator;
            case MAP -> map;
            case REDUCE -> reduce;
        };
        for (String m : messages) q.send(m);
    }

    @Override
    public void hide(Delivery delivery, int seconds) {
        count("ChangeMessageVisibility", 1);
        byName(delivery.queueArn()).hide(delivery.receiptHandle(), seconds);
    }

    private MemoryQueue byName(String name) {
        for (MemoryQueue q : all()) {
            if (q.name().equals(name)) return q;
        }
        throw new IllegalArgumentException("no queue " + name);
    }
}
