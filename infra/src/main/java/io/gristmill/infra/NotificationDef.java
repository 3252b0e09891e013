package io.gristmill.infra;

import java.util.List;

/**
 * One QueueConfiguration of a bucket's NotificationConfiguration: objects created under {@code prefix}
 * and ending in {@code suffix} (either may be null: no filter) are announced on the queue.
 *
 * @param queueLogicalId the target queue's logical id, or null when it is not a queue of this stack
 * @param events S3 event types, e.g. s3:ObjectCreated:*
 */
public record NotificationDef(
        String queueLogicalId, String queueArn, List<String> events, String prefix, String suffix) {

    public NotificationDef {
        events = List.copyOf(events);
    }

    /** Whether an object key passes this configuration's key filter. */
    public boolean matches(String key) {
        return (prefix == null || key.startsWith(prefix)) && (suffix == null || key.endsWith(suffix));
    }

    static NotificationDef read(Props config, StackQueues queues) {
        String prefix = null;
        String suffix = null;
        for (Props rule : config.props("Filter").props("S3Key").propsList("Rules")) {
            String name = rule.string("Name");
            // S3 documents the rule names in lower case but accepts any case.
            if (name.equalsIgnoreCase("prefix")) {
                prefix = rule.string("Value");
            } else if (name.equalsIgnoreCase("suffix")) {
                suffix = rule.string("Value");
            } else {
                throw new TemplateException("Unknown S3 key filter rule '" + name + "' at " + config.where("Filter"));
            }
        }
        String queueArn = config.string("Queue");
        return new NotificationDef(queues.logicalIdOf(queueArn), queueArn, config.strings("Event"), prefix, suffix);
    }
}
