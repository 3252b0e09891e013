package io.gristmill.protocol.memory;

import io.gristmill.protocol.Cloud;
import io.gristmill.protocol.Coordinator;
import io.gristmill.protocol.DeadLetters;
import io.gristmill.protocol.Log;
import io.gristmill.protocol.MapWorker;
import io.gristmill.protocol.MergeWorker;
import io.gristmill.protocol.ReduceWorker;
import io.gristmill.protocol.Retries;
import io.gristmill.protocol.SimulatedCrash;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.MergeMessage;
import io.gristmill.protocol.message.ObjectCreated;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.message.StageMessage;
import io.gristmill.protocol.message.TaskMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole stack in memory on a virtual clock: a bucket, the job table, the queues, and the four
 * functions driven by hand, one message at a time, as Lambda's event source mappings would. A test
 * uploads, then {@link #runUntilIdle} delivers every visible message, lets time pass to the next
 * one that is hidden (a lease lapsing, a retry's delay), and goes on until nothing is left.
 *
 * <p>A chaos crash throws {@link SimulatedCrash}: the attempt ends with nothing deleted or
 * recorded, as if its instance died, and its message comes back when its lease lapses.
 */
public final class MemoryCloud {
    public static final String BUCKET = "gristmill-memory";

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final MemoryObjects objects = new MemoryObjects(BUCKET);
    private final MemoryJobTable table = new MemoryJobTable(30);
    private final MemoryQueues queues;
    private final Cloud cloud;
    private final int retryDelaySeconds;
    private long sequencer;
    private int crashes;

    /**
     * @param maxReceives deliveries of a message before it goes to its dead-letter queue
     *     ({@code MaxTaskAttempts})
     */
    public MemoryCloud(
            Path tmpDir, int defaultReducers, long defaultSplitSize, int maxReceives, int retryDelaySeconds) {
        this(tmpDir, defaultReducers, defaultSplitSize, maxReceives, retryDelaySeconds, Cloud.DEFAULT_MERGE_ABOVE);
    }

    /** @param mergeAbove M x R above which jobs get a two-level shuffle */
    public MemoryCloud(
            Path tmpDir,
            int defaultReducers,
            long defaultSplitSize,
            int maxReceives,
            int retryDelaySeconds,
            long mergeAbove) {
        this.queues = new MemoryQueues(clock, 5400, maxReceives);
        this.cloud = new Cloud(
                objects,
                table,
                queues,
                clock,
                defaultReducers,
                defaultSplitSize,
                tmpDir,
                Cloud.CrashMode.THROW,
                Cloud.DEFAULT_TASK_TMP_BYTES,
                mergeAbove,
                retryDelaySeconds);
        this.retryDelaySeconds = retryDelaySeconds;
    }

    public Cloud cloud() {
        return cloud;
    }

    public ManualClock clock() {
        return clock;
    }

    public MemoryObjects objects() {
        return objects;
    }

    public MemoryJobTable table() {
        return table;
    }

    public MemoryQueues queues() {
        return queues;
    }

    /** Attempts that died of an injected crash so far. */
    public int crashes() {
        return crashes;
    }

    /** Every request the protocol made, by service and operation, as AWS would bill them. */
    public Map<String, Long> requests() {
        Map<String, Long> all = new TreeMap<>(objects.requests());
        all.putAll(table.requests());
        all.putAll(queues.requests());
        return all;
    }

    /**
     * Uploads an object as a user would. S3 sends the coordinator's queue an event for the keys the
     * stack's bucket notifies (manifests under {@code jobs/}, data under {@code input/}), as in
     * template.yaml.
     */
    public void upload(String key, byte[] bytes) {
        String eTag = objects.put(key, bytes);
        if ((key.startsWith("jobs/") && key.endsWith(".json")) || key.startsWith("input/")) {
            notifyCreated(key, bytes.length, eTag);
        }
    }

    /** The event S3 sends for an object created at {@code key} (again, to test duplicates). */
    public String notifyCreated(String key, long size, String eTag) {
        String body = ObjectCreated.notification(BUCKET, key, size, eTag, Long.toHexString(++sequencer));
        queues.coordinator().send(body);
        return body;
    }

    /**
     * Delivers messages until every queue is empty, letting virtual time pass to each hidden
     * message's return; gives up after {@code maxDeliveries}.
     *
     * @return how many deliveries were made
     */
    public int runUntilIdle(int maxDeliveries) {
        int deliveries = 0;
        while (deliveries < maxDeliveries) {
            if (deliverOne()) {
                deliveries++;
                continue;
            }
            Optional<Long> next = queues.all().stream()
                    .map(MemoryQueue::nextVisibleAt)
                    .flatMap(Optional::stream)
                    .min(Long::compare);
            if (next.isEmpty()) return deliveries;
            clock.advance(next.get() - clock.now());
        }
        throw new IllegalStateException("still busy after " + maxDeliveries + " deliveries");
    }

    /** Delivers one visible message, if there is one: the coordinator's first, then maps, reduces, dead letters. */
    public boolean deliverOne() {
        for (MemoryQueue q : queues.all()) {
            Optional<MemoryQueue.Received> m = q.receive("memory/" + q.name());
            if (m.isPresent()) {
                handle(q, m.get());
                return true;
            }
        }
        return false;
    }

    private void handle(MemoryQueue q, MemoryQueue.Received m) {
        try {
            if (q == queues.coordinator() && StageMessage.isStage(m.body())) {
                new Coordinator(cloud).onStage(StageMessage.parse(m.body()), m.delivery());
            } else if (q == queues.coordinator()) {
                for (ObjectCreated e : ObjectCreated.parse(m.body()))
                    new Coordinator(cloud).onObjectCreated(e, m.delivery());
            } else if (q == queues.map() || q == queues.reduce()) {
                TaskMessage msg = TaskMessage.parse(m.body());
                if (msg instanceof MapMessage map) new MapWorker(cloud).run(map, m.delivery());
                else if (msg instanceof MergeMessage merge) new MergeWorker(cloud).run(merge, m.delivery());
                else new ReduceWorker(cloud).run((ReduceMessage) msg, m.delivery());
            } else {
                new DeadLetters(cloud).onDeadLetter(m.body());
            }
            q.delete(m.delivery().receiptHandle());
        } catch (SimulatedCrash crash) {
            crashes++; // the instance is gone: nothing deleted, nothing retried early
        } catch (OutOfMemoryError e) {
            crashes++; // the attempt recorded it and scheduled its retry; the instance is gone
        } catch (Exception e) {
            Log.warn(null, null, q.name() + " function failed on " + m.messageId() + ": " + e);
            Retries.delay(cloud, retryDelaySeconds, m.delivery());
        }
    }

    /** Messages left on every queue, by queue (for assertions that nothing is stuck). */
    public Map<String, List<String>> leftovers() {
        Map<String, List<String>> out = new TreeMap<>();
        for (MemoryQueue q : queues.all()) {
            if (q.size() > 0) out.put(q.name(), q.bodies());
        }
        return out;
    }
}
