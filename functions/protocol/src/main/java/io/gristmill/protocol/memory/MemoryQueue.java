package io.gristmill.protocol.memory;

import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.cloud.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One SQS queue in memory on a {@link Clock}: a received message stays hidden for the visibility
 * timeout (or as long as its receiver says), then comes back; each receive counts, and a message
 * received more than {@code maxReceives} times moves to the dead-letter queue instead, as SQS's
 * redrive policy does. Receipts change with every receive, so a stale one cannot hide a message.
 */
public final class MemoryQueue {
    private static final class Message {
        final String id;
        final String body;
        int receives;
        long visibleAt;
        String receipt;

        Message(String id, String body) {
            this.id = id;
            this.body = body;
        }
    }

    private final String name;
    private final Clock clock;
    private final int visibilitySeconds;
    private final int maxReceives;
    private final MemoryQueue deadLetters;
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param maxReceives receives before a message moves to {@code deadLetters} (0: never)
     */
    public MemoryQueue(String name, Clock clock, int visibilitySeconds, int maxReceives, MemoryQueue deadLetters) {
        this.name = name;
        this.clock = clock;
        this.visibilitySeconds = visibilitySeconds;
        this.maxReceives = maxReceives;
        this.deadLetters = deadLetters;
    }

    public String name() {
        return name;
    }

    public synchronized void send(String body) {
        String id = name + "-" + ids.incrementAndGet();
        messages.put(id, new Message(id, body));
    }

    /** A message received from the queue: its body and the delivery an attempt works under. */
    public record Received(String messageId, String body, Delivery delivery) {}

    /** The next visible message, if any, now hidden for the visibility timeout. */
    public synchronized Optional<Received> receive(String worker) {
        long now = clock.now();
        for (Iterator<Message> it = messages.values().iterator(); it.hasNext(); ) {
            Message m = it.next();
            if (m.visibleAt > now) continue;
            if (maxReceives > 0 && m.receives >= maxReceives && deadLetters != null) {
                it.remove();
                deadLetters.send(m.body);
                continue;
            }
            m.receives++;
            m.visibleAt = now + visibilitySeconds * 1000L;
            m.receipt = m.id + "#" + m.receives;
            return Optional.of(new Received(m.id, m.body, Delivery.of(m.receives, worker, name, m.receipt)));
        }
        return Optional.empty();
    }

    /** Hides a received message for {@code seconds} from now; fails for a receipt that is no longer current. */
    public synchronized void hide(String receipt, int seconds) {
        Message m = byReceipt(receipt);
        m.visibleAt = clock.now() + seconds * 1000L;
    }

    public synchronized void delete(String receipt) {
        Message m = byReceipt(receipt);
        messages.remove(m.id);
    }

    private Message byReceipt(String receipt) {
        for (Message m : messages.values()) {
            if (receipt.equals(m.receipt)) return m;
        }
        throw new IllegalStateException("ReceiptHandleIsInvalid: " + receipt + " on " + name);
    }

    /** Messages not yet deleted, visible or not. */
    public synchronized int size() {
        return messages.size();
    }

    /** When the next hidden message reappears; empty when none is hidden. */
    public synchronized Optional<Long> nextVisibleAt() {
        long now = clock.now();
        return messages.values().stream()
                .map(m -> m.visibleAt)
                .filter(t -> t > now)
                .min(Long::compare);
    }

    /** The bodies of every message (for tests). */
    public synchronized List<String> bodies() {
        List<String> out = new ArrayList<>();
        for (Message m : messages.values()) out.add(m.body);
        return out;
    }
}
