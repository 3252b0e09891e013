package io.gristmill.local.process;

import java.util.concurrent.CompletableFuture;

/**
 * One invocation on its way through an instance's Runtime API: queued, handed out on /next (which
 * fixes its deadline, as Lambda's clock starts when the runtime receives the event), then ended by
 * /response, /error, the process's exit or the deadline.
 */
final class Invocation {
    final String requestId;
    final String traceId;
    final byte[] payload;
    final long timeoutMillis;
    /** Completed with the deadline (epoch ms) when the runtime takes the event. */
    final CompletableFuture<Long> dispatched = new CompletableFuture<>();

    final CompletableFuture<InvocationEnd> outcome = new CompletableFuture<>();
    /** System.nanoTime() when the runtime took the event, or 0. */
    volatile long dispatchedNanos;

    Invocation(String requestId, String traceId, byte[] payload, long timeoutMillis) {
        this.requestId = requestId;
        this.traceId = traceId;
        this.payload = payload;
        this.timeoutMillis = timeoutMillis;
    }

    long dispatch() {
        dispatchedNanos = System.nanoTime();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        dispatched.complete(deadline);
        return deadline;
    }

    /** Ends the invocation unless something ended it first; true if this call did. */
    boolean end(InvocationEnd o) {
        dispatched.complete(-1L);
        return outcome.complete(o);
    }
}
