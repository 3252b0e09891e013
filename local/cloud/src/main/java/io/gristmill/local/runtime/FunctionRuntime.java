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

    /** Cold starts so far, per function. */
    java.util.Map<String, Integer> coldStarts();

    @Override
    void close();
}
