package io.gristmill.infra;

/**
 * An AWS::SQS::Queue, resolved.
 *
 * @param visibilityTimeout seconds (SQS's default is 30)
 * @param messageRetentionPeriod seconds, or null for SQS's default (4 days)
 * @param deadLetterQueueLogicalId the queue its RedrivePolicy sends to, or null when it has none
 * @param maxReceiveCount receives before a message is dead-lettered, or null when it has no RedrivePolicy
 */
public record QueueDef(
        String logicalId,
        String name,
        int visibilityTimeout,
        Integer messageRetentionPeriod,
        String deadLetterQueueLogicalId,
        Integer maxReceiveCount,
        boolean fifo) {

    static QueueDef read(String logicalId, String name, Props properties, StackQueues queues) {
        String deadLetterQueue = null;
        Integer maxReceiveCount = null;
        if (properties.has("RedrivePolicy")) {
            Props redrive = properties.props("RedrivePolicy");
            String arn = redrive.string("deadLetterTargetArn");
            deadLetterQueue = queues.logicalIdOf(arn);
            if (deadLetterQueue == null) {
                // The provisioner creates the dead-letter queue first and needs it to be one of ours.
                throw new TemplateException("Queue " + logicalId + ": " + redrive.where("deadLetterTargetArn") + " is "
                        + arn + ", not a queue of this stack; use !GetAtt <Queue>.Arn");
            }
            maxReceiveCount = redrive.integer("maxReceiveCount");
        }
        return new QueueDef(
                logicalId,
                name,
                properties.integer("VisibilityTimeout", 30),
                properties.optInteger("MessageRetentionPeriod"),
                deadLetterQueue,
                maxReceiveCount,
                properties.bool("FifoQueue", false));
    }
}
