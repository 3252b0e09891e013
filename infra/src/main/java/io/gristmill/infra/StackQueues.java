package io.gristmill.infra;

import java.util.Map;

/**
 * The stack's queues by ARN. Templates point at queues by ARN (RedrivePolicy, S3 notifications, SQS event
 * sources), written as !GetAtt Q.Arn, !Sub or a literal; matching the evaluated ARN finds the queue
 * whatever the form.
 */
final class StackQueues {
    private final Map<String, String> logicalIdsByArn;

    StackQueues(Map<String, String> logicalIdsByArn) {
        this.logicalIdsByArn = Map.copyOf(logicalIdsByArn);
    }

    /** The logical id of the stack's queue with this ARN, or null when the queue is not in the stack. */
    String logicalIdOf(String arn) {
        return logicalIdsByArn.get(arn);
    }
}
