package io.gristmill.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stack as provisioned on an endpoint: the stack resolved with the endpoint's real queue URLs and ARNs
 * (so function environments and outputs are usable there), and those addresses by queue logical id.
 */
public record ProvisionedStack(Stack stack, Map<String, QueueEndpoint> queues) {

    public ProvisionedStack {
        queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    }

    public QueueEndpoint queue(String logicalId) {
        QueueEndpoint queue = queues.get(logicalId);
        if (queue == null) {
            throw new IllegalArgumentException("Stack " + stack.stackName() + " has no queue '" + logicalId
                    + "'; its queues are " + queues.keySet());
        }
        return queue;
    }

    public String queueUrl(String logicalId) {
        return queue(logicalId).url();
    }

    public String queueArn(String logicalId) {
        return queue(logicalId).arn();
    }
}
