package io.gristmill.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * A service's request-rate limit per key (an S3 prefix, a DynamoDB item), as a fluid queue: each key
 * serves at most {@code perSecond} requests a second. Requests beyond that wait, and the share of
 * them that had to wait is the share a real service would have refused (S3's 503 SlowDown, DynamoDB's
 * throttling) and the client retried with backoff. The model keeps, per key, the time at which the
 * requests admitted so far will have been served; a key idle for a while has a second's worth of
 * requests in hand (a token bucket of one second), so that bursts shorter than that pass.
 */
final class RateLimit {
    /** The outcome of admitting some requests: how long they are delayed, and how many were throttled. */
    record Admission(long delayMillis, long throttled) {}

    static final double BURST_MILLIS = 1000;

    private final double perMilli;
    private final Map<String, Double> servedUntil = new HashMap<>();
    private long throttled;

    RateLimit(double perSecond) {
        this.perMilli = perSecond / 1000.0;
    }

    /**
     * Admits {@code n} requests to {@code key} at {@code now}, which unthrottled would take
     * {@code idealMillis} (spread over that time).
     */
    synchronized Admission admit(String key, double n, long now, long idealMillis) {
        if (n <= 0) return new Admission(0, 0);
        double start = Math.max(now - BURST_MILLIS, servedUntil.getOrDefault(key, 0.0));
        double end = start + n / perMilli;
        servedUntil.put(key, end);
        double idealEnd = now + Math.max(1, idealMillis);
        if (end <= idealEnd) return new Admission(0, 0);
        end = Math.max(end, now); // (the burst allowance is spent)
        long delay = (long) Math.ceil(end - idealEnd);
        // The requests beyond what the key could serve in their own time were refused, once or more.
        long refused = Math.round(n * (end - idealEnd) / (end - now));
        throttled += refused;
        return new Admission(delay, refused);
    }

    synchronized long throttled() {
        return throttled;
    }

    /** Forgets keys whose requests were all served before {@code now} (memory stays small). */
    synchronized void prune(long now) {
        servedUntil.values().removeIf(t -> t < now - BURST_MILLIS);
    }
}
