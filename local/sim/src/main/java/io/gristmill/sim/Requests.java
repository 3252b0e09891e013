package io.gristmill.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Requests made to the simulated services, by service and operation under the names the SDK gives
 * them ({@code S3.GetObject}, {@code DynamoDb.UpdateItem}, {@code Sqs.SendMessageBatch}), as
 * {@code io.gristmill.aws.RequestMetrics} counts them on the local cloud; and those a service
 * throttled, which the client sent again.
 */
final class Requests {
    private final Map<String, Long> made = new TreeMap<>();
    private final Map<String, Long> throttled = new TreeMap<>();

    synchronized void add(String operation, long n) {
        if (n > 0) made.merge(operation, n, Long::sum);
    }

    /** Requests refused with a throttling error: each was sent again, and counts as made too. */
    synchronized void throttled(String operation, long n) {
        if (n <= 0) return;
        throttled.merge(operation, n, Long::sum);
        made.merge(operation, n, Long::sum);
    }

    synchronized Map<String, Long> made() {
        return new TreeMap<>(made);
    }

    synchronized Map<String, Long> throttled() {
        return new TreeMap<>(throttled);
    }
}
