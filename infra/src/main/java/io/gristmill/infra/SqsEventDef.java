package io.gristmill.infra;

/**
 * An SQS event of a function (an event source mapping): the function receives batches from the queue.
 *
 * @param queueLogicalId the queue, or null when it is not a queue of this stack
 * @param batchSize records per invocation (default 10)
 * @param maximumBatchingWindowSeconds how long to gather a batch (default 0)
 * @param maximumConcurrency ScalingConfig.MaximumConcurrency, or null for no limit but the function's
 * @param reportBatchItemFailures whether the function reports failed records instead of failing the batch
 */
public record SqsEventDef(
        String name,
        String queueLogicalId,
        int batchSize,
        int maximumBatchingWindowSeconds,
        Integer maximumConcurrency,
        boolean reportBatchItemFailures) {

    static SqsEventDef read(String name, Props properties, StackQueues queues) {
        return new SqsEventDef(
                name,
                queues.logicalIdOf(properties.string("Queue")),
                properties.integer("BatchSize", 10),
                properties.integer("MaximumBatchingWindowInSeconds", 0),
                properties.props("ScalingConfig").optInteger("MaximumConcurrency"),
                properties.strings("FunctionResponseTypes").contains("ReportBatchItemFailures"));
    }
}
