package io.gristmill.protocol;

/**
 * A message whose handling failed (the function threw) comes back after a delay that doubles with
 * each delivery: 1x, 2x, 4x... the stack's retry delay, at most 15 minutes. Without it the message
 * would wait for the queue's visibility timeout (six times the function's), or, on a lease, come
 * back at once and fail again in a tight loop.
 */
public final class Retries {
    private Retries() {}

    /** The delay before the next delivery after {@code delivery} failed. */
    public static int delaySeconds(int retryDelaySeconds, Delivery delivery) {
        long delay = (long) retryDelaySeconds << Math.min(delivery.receiveCount() - 1, 16);
        return (int) Math.min(delay, 900);
    }

    /** Hides the failed message for its delay; best effort (the visibility timeout is the fallback). */
    public static void delay(Cloud cloud, int retryDelaySeconds, Delivery delivery) {
        if (!delivery.fromQueue()) return;
        try {
            cloud.queues().hide(delivery, delaySeconds(retryDelaySeconds, delivery));
        } catch (Exception e) {
            Log.warn(null, null, "could not schedule the retry of " + delivery.receiptHandle() + ": " + e);
        }
    }
}
