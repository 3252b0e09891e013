package io.gristmill.aws;

import io.gristmill.protocol.Cloud;
import io.gristmill.protocol.cloud.Clock;
import java.util.Map;

/** The protocol's cloud on AWS, as a function instance builds it from its environment. */
public final class AwsCloud {
    private AwsCloud() {}

    /** The cloud over these clients, with the stack's settings. */
    public static Cloud of(Clients clients, Settings settings) {
        return new Cloud(
                new S3Objects(clients.s3(), settings.bucket()),
                new DynamoJobTable(clients.dynamo(), settings.table(), settings.jobRetentionDays()),
                new SqsQueues(
                        clients.sqs(),
                        settings.coordinatorQueueUrl(),
                        settings.mapQueueUrl(),
                        settings.reduceQueueUrl()),
                Clock.system(),
                settings.defaultReducers(),
                settings.defaultSplitSize(),
                settings.tmpDir(),
                settings.crashMode(),
                settings.taskTmpBytes(),
                settings.mergeAbove(),
                settings.retryDelaySeconds());
    }

    /** Clients and cloud of a function instance: from its environment variables. */
    public static Cloud fromEnvironment(Map<String, String> env, Clients clients) {
        return of(clients, Settings.from(env));
    }
}
