package io.gristmill.infra;

import java.util.List;

/** An AWS::S3::Bucket, resolved. Notifications and lifecycle rules are declared, not applied by the provisioner. */
public record BucketDef(
        String logicalId, String name, List<NotificationDef> notifications, List<LifecycleRuleDef> lifecycleRules) {

    public BucketDef {
        notifications = List.copyOf(notifications);
        lifecycleRules = List.copyOf(lifecycleRules);
    }

    static BucketDef read(String logicalId, String name, Props properties, StackQueues queues) {
        return new BucketDef(
                logicalId,
                name,
                properties.props("NotificationConfiguration").propsList("QueueConfigurations").stream()
                        .map(config -> NotificationDef.read(config, queues))
                        .toList(),
                properties.props("LifecycleConfiguration").propsList("Rules").stream()
                        .map(LifecycleRuleDef::read)
                        .toList());
    }
}
