package io.gristmill.cli;

import io.gristmill.client.JobClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A command's connection to one stack: its bucket and table (from the flags, or from the stack's
 * CloudFormation outputs) and a {@link JobClient} on them.
 */
final class StackConnection implements AutoCloseable {
    private final AwsClients aws;
    private final String bucket;
    private final String table;
    private final String description;
    private final JobClient client;
    private final Duration poll;

    private StackConnection(AwsClients aws, String bucket, String table, String description, Duration poll) {
        this.aws = aws;
        this.poll = poll;
        this.bucket = bucket;
        this.table = table;
        this.description = description;
        this.client = new JobClient(aws.s3(), aws.dynamo(), bucket, table);
    }

    static StackConnection open(StackOptions options) throws UsageException {
        AwsClients aws = new AwsClients(options);
        try {
            // Emulators answer at once and cost nothing; on AWS each look at the job is a read request.
            Duration poll = options.customEndpoints() ? Duration.ofMillis(200) : Duration.ofSeconds(2);
            if (options.stack() == null) {
                return new StackConnection(
                        aws,
                        options.bucket(),
                        options.table(),
                        "bucket " + options.bucket() + ", table " + options.table(),
                        poll);
            }
            Map<String, String> outputs = StackOutputs.of(
                    aws.cloudFormation(), options.stack(), aws.region().id());
            return new StackConnection(
                    aws,
                    outputs.get(StackOutputs.BUCKET),
                    outputs.get(StackOutputs.TABLE),
                    "stack " + options.stack() + " in " + aws.region().id(),
                    poll);
        } catch (UsageException | RuntimeException e) {
            aws.close();
            throw e;
        }
    }

    JobClient client() {
        return client;
    }

    String bucket() {
        return bucket;
    }

    String table() {
        return table;
    }

    /** Which stack this is, for messages. */
    String description() {
        return description;
    }

    /** How often to look at a job while waiting for it. */
    Duration pollInterval() {
        return poll;
    }

    /** The first key under a prefix, if any: whether the prefix holds data. */
    Optional<String> firstKey(String prefix) {
        return aws.s3().listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).contents().stream()
                .map(S3Object::key)
                .findFirst();
    }

    String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public void close() {
        aws.close();
    }
}
