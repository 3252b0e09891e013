package io.gristmill.protocol;

import java.util.UUID;

/**
 * One delivery of a task message to a function instance: an attempt. The id is made per delivery,
 * never at class initialisation, so instances restored from one SnapStart snapshot never share it.
 *
 * @param receiveCount the queue's receive count: 1 on the first delivery
 * @param worker the function instance (its log stream)
 * @param queueArn the queue the message came from, and its receipt handle, for the lease (null
 *     when the message was not received from a queue)
 * @param deadlineMillis when the function's own timeout ends this invocation (Lambda's deadline),
 *     or 0 when there is none
 */
public record Delivery(
        String attemptId, int receiveCount, String worker, String queueArn, String receiptHandle, long deadlineMillis) {
    public static Delivery of(int receiveCount, String worker, String queueArn, String receiptHandle) {
        return of(receiveCount, worker, queueArn, receiptHandle, 0);
    }

    public static Delivery of(
            int receiveCount, String worker, String queueArn, String receiptHandle, long deadlineMillis) {
        return new Delivery(
                UUID.randomUUID().toString().substring(0, 8),
                receiveCount,
                worker,
                queueArn,
                receiptHandle,
                deadlineMillis);
    }

    /** Whether the message came from a queue (a lease can hold it). */
    public boolean fromQueue() {
        return receiptHandle != null;
    }
}
