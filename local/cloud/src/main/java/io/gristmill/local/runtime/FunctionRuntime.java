package io.gristmill.local.runtime;

import java.util.List;

/** Runs functions as Lambda would: instances, concurrency limits, timeouts. */
public interface FunctionRuntime extends AutoCloseable {

    /**
     * Invokes the function on a batch of SQS messages and waits for it to end.
     *
     * @param queueArn the source queue, as Lambda puts it in each record ({@code eventSourceARN})
     */
    BatchResult invokeSqs(FunctionConfig function, List<QueueMessage> messages, String queueArn, String region)
            throws InterruptedException;

    /**
     * Starts up to {@code instances} instances of the function ahead of any invocation, as provisioned
     * concurrency does on Lambda, so that the next invocations find them initialized or initializing. It
     * returns at once. A runtime whose instances cost nothing to start does nothing.
     */
    default void warm(FunctionConfig function, int instances, String region) {}

    /** Cold starts so far, per function. */
    java.util.Map<String, Integer> coldStarts();

    @Override
    void close();
}
