package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A command's connection to one stack: its bucket and table (from the flags, from the stack's
 * CloudFormation outputs, or from a local stack itself) and a {@link JobClient} on them.
 */
final class StackConnection implements AutoCloseable {
    private final AutoCloseable clients;
    private final S3Client s3;
    private final String bucket;
    private final String table;
    private final String description;
    private final JobClient client;
    private final Duration poll;
    private final StackEndpoint local;

    private StackConnection(AwsClients aws, String bucket, String table, String description, Duration poll) {
        this.clients = aws;
        this.s3 = aws.s3();
        this.poll = poll;
        this.bucket = bucket;
        this.table = table;
        this.description = description;
        this.client = new JobClient(aws.s3(), aws.dynamo(), bucket, table);
        this.local = null;
    }

    private StackConnection(StackEndpoint local) {
        this.clients = local;
        this.s3 = local.s3();
        this.poll = Duration.ofMillis(200);
        this.bucket = local.bucket();
        this.table = local.table();
        this.description = "the local stack at " + local.endpoint();
        this.client = local.jobs();
        this.local = local;
    }

    static StackConnection open(StackOptions options) throws UsageException {
        if (options.local()) return new StackConnection(findLocal(options.endpointUrl()));
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

    /** The stack grist up runs at {@code endpoint} (or at the default one), or why there is none. */
    static StackEndpoint findLocal(String endpoint) throws UsageException {
        URI uri;
        try {
            uri = endpoint == null ? StackEndpoint.defaultEndpoint() : URI.create(endpoint);
            if (uri.getHost() == null) throw new IllegalArgumentException("no host");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--endpoint-url " + endpoint + " is not a URL such as http://127.0.0.1:4566");
        }
        Optional<StackEndpoint> found = StackEndpoint.discover(uri);
        if (found.isPresent()) return found.get();
        if (StackEndpoint.listening(uri)) {
            throw new UsageException(uri + " answers, but not as a Gristmill stack (LocalStack? moto?); name the"
                    + " stack there with --stack NAME, or --bucket and --table");
        }
        throw new UsageException("no local stack answers at " + uri + "; start one with ./grist up"
                + (endpoint == null ? "" : " --port " + uri.getPort())
                + (endpoint == null ? " (or give --endpoint-url where yours listens)" : ""));
    }

    JobClient client() {
        return client;
    }

    /** The local stack, when this is one. */
    Optional<StackEndpoint> local() {
        return Optional.ofNullable(local);
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
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(1)).contents().stream()
                .map(S3Object::key)
                .findFirst();
    }

    String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public void close() {
        try {
            clients.close();
        } catch (Exception e) {
            // closing clients: nothing to do
        }
    }
}
