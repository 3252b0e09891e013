package io.gristmill.sim;

import io.gristmill.protocol.Delivery;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * One SQS queue, simulated, with SQS's visibility semantics: a received message stays hidden for the
 * visibility timeout (or as long as its receiver says), then comes back; each receive counts; a message
 * received {@code maxReceives} times moves to the dead-letter queue. Receipts change with every
 * receive, so a stale one cannot hide a message. Messages come back in the order they become visible,
 * ties in the order they were sent (SQS standard queues are roughly, not strictly, in that order).
 *
 * <p>A task message carries the whole spec; the messages of one phase share it, so it is kept once.
 */
final class SimQueue {
    private static final class Message {
        final long id;
        final String head;
        final String spec;
        int receives;
        long visibleAt;
        long version;
        String receipt;

        Message(long id, String head, String spec) {
            this.id = id;
            this.head = head;
            this.spec = spec;
        }

        String body() {
            return head + spec;
        }
    }

    private record Entry(long visibleAt, long id, long version, Message message) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            return visibleAt != o.visibleAt ? Long.compare(visibleAt, o.visibleAt) : Long.compare(id, o.id);
        }
    }

    /** A received message and the delivery an attempt works under. */
    record Received(long id, String body, Delivery delivery) {}

    final String name;
    private final VirtualTime time;
    private final int visibilitySeconds;
    private final int maxReceives;
    private final SimQueue deadLetters;
    private final Map<Long, Message> messages = new HashMap<>();
    private final Map<String, Message> byReceipt = new HashMap<>();
    private final PriorityQueue<Entry> order = new PriorityQueue<>();
    private final Map<String, String> specs = new HashMap<>();
    private long ids;
    private Runnable listener = () -> {};

    SimQueue(String name, VirtualTime time, int visibilitySeconds, int maxReceives, SimQueue deadLetters) {
        this.name = name;
        this.time = time;
        this.visibilitySeconds = visibilitySeconds;
        this.maxReceives = maxReceives;
        this.deadLetters = deadLetters;
    }

    /** Called whenever a message is sent (its event source polls). */
    void onSend(Runnable listener) {
        this.listener = listener;
    }

    void send(String body) {
        synchronized (this) {
            int at = body.lastIndexOf("\"spec\":");
            String head = at < 0 ? body : body.substring(0, at);
            String spec = at < 0 ? "" : specs.computeIfAbsent(body.substring(at), s -> s);
            Message m = new Message(++ids, head, spec);
            m.visibleAt = time.now();
            messages.put(m.id, m);
            order.add(new Entry(m.visibleAt, m.id, m.version, m));
        }
        listener.run();
    }

    /** The next visible message, now hidden for the visibility timeout; empty when none is visible. */
    synchronized Optional<Received> receive(String worker) {
        long now = time.now();
        while (!order.isEmpty() && order.peek().visibleAt() <= now) {
            Entry e = order.poll();
            Message m = e.message();
            if (e.version() != m.version || !messages.containsKey(m.id)) continue; // superseded
            if (maxReceives > 0 && m.receives >= maxReceives && deadLetters != null) {
                forget(m);
                deadLetters.send(m.body());
                continue;
            }
            m.receives++;
            if (m.receipt != null) byReceipt.remove(m.receipt);
            m.receipt = name + "-" + m.id + "#" + m.receives;
            byReceipt.put(m.receipt, m);
            reschedule(m, now + visibilitySeconds * 1000L);
            return Optional.of(new Received(m.id, m.body(), Delivery.of(m.receives, worker, name, m.receipt)));
        }
        return Optional.empty();
    }

    private void reschedule(Message m, long visibleAt) {
        m.visibleAt = visibleAt;
        m.version++;
        order.add(new Entry(visibleAt, m.id, m.version, m));
    }

    private void forget(Message m) {
        messages.remove(m.id);
        if (m.receipt != null) byReceipt.remove(m.receipt);
    }

    /** Hides a received message for {@code seconds} from now; fails for a receipt no longer current. */
    synchronized void hide(String receipt, int seconds) {
        reschedule(current(receipt), time.now() + seconds * 1000L);
    }

    synchronized void delete(String receipt) {
        forget(current(receipt));
    }

    private Message current(String receipt) {
        Message m = byReceipt.get(receipt);
        if (m == null) throw new IllegalStateException("ReceiptHandleIsInvalid: " + receipt + " on " + name);
        return m;
    }

    synchronized int size() {
        return messages.size();
    }

    /** Drops superseded entries from the head of the order. */
    private void clean() {
        while (!order.isEmpty()) {
            Entry e = order.peek();
            if (e.version() == e.message().version && messages.containsKey(e.message().id)) return;
            order.poll();
        }
    }

    /** Whether a message is visible now. */
    synchronized boolean hasVisible() {
        clean();
        return !order.isEmpty() && order.peek().visibleAt() <= time.now();
    }

    /** When the next message becomes visible (now, if one is), if the queue holds any. */
    synchronized Optional<Long> nextVisibleAt() {
        clean();
        return order.isEmpty() ? Optional.empty() : Optional.of(order.peek().visibleAt());
    }
}
