package io.gristmill.local;

import io.gristmill.infra.BucketDef;
import io.gristmill.infra.NotificationDef;
import io.gristmill.infra.ProvisionedStack;
import io.gristmill.local.cloud.ObjectCreatedListener;
import io.gristmill.protocol.message.ObjectCreated;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Delivers S3 event notifications as S3 would, since the S3 emulator cannot: for every object
 * created in a bucket of the stack, each of the bucket's NotificationConfiguration.QueueConfigurations
 * whose event and key filter match gets the event, as S3's JSON, on its queue.
 */
final class S3Notifier implements ObjectCreatedListener {
    private record Target(BucketDef bucket, NotificationDef notification, String queueUrl) {}

    private final SqsClient sqs;
    private final String region;
    private final List<Target> targets = new ArrayList<>();
    private final Consumer<String> errors;

    S3Notifier(SqsClient sqs, ProvisionedStack provisioned, Consumer<String> errors) {
        this.sqs = sqs;
        this.region = provisioned.stack().settings().region();
        this.errors = errors;
        for (BucketDef bucket : provisioned.stack().buckets().values()) {
            for (NotificationDef n : bucket.notifications()) {
                if (n.queueLogicalId() == null) {
                    errors.accept("bucket " + bucket.name() + " notifies a queue outside the stack; skipped locally");
                    continue;
                }
                targets.add(new Target(bucket, n, provisioned.queueUrl(n.queueLogicalId())));
            }
        }
    }

    @Override
    public void objectCreated(ObjectCreated event) {
        for (Target t : targets) {
            if (!t.bucket.name().equals(event.bucket()) || !t.notification.matches(event.key())) continue;
            if (t.notification.events().stream().noneMatch(e -> eventMatches(e, event.eventName()))) continue;
            try {
                sqs.sendMessage(
                        b -> b.queueUrl(t.queueUrl).messageBody(event.toNotification(region, "gristmill-local")));
            } catch (RuntimeException e) {
                errors.accept("could not deliver the S3 event for " + event.key() + ": " + e);
            }
        }
    }

    /** {@code s3:ObjectCreated:*} matches every creation; {@code s3:ObjectCreated:Put} only puts. */
    static boolean eventMatches(String configured, String eventName) {
        String name = configured.startsWith("s3:") ? configured.substring(3) : configured;
        return name.endsWith(":*")
                ? eventName.startsWith(name.substring(0, name.length() - 1))
                : name.equals(eventName);
    }
}
