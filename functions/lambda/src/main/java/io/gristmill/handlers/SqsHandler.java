package io.gristmill.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.aws.AwsCloud;
import io.gristmill.aws.Clients;
import io.gristmill.aws.Settings;
import io.gristmill.protocol.Cloud;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.Log;
import io.gristmill.protocol.Retries;
import io.gristmill.snapstart.SnapStartHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every Gristmill function shares: an SQS event source with partial batch responses. Each
 * message is handled on its own; a failed one is reported in {@code batchItemFailures} (so the rest
 * of the batch is deleted) and its next delivery is delayed with exponential backoff ({@link Retries}).
 */
abstract class SqsHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, AutoCloseable {
    /** The exit status of an instance ended for running out of heap (as -XX:+ExitOnOutOfMemoryError's). */
    static final int OUT_OF_MEMORY_STATUS = 3;

    private final Clients clients;
    private final Settings settings;
    protected final Cloud cloud;
    /** Primes the function before a SnapStart snapshot; held here because CRaC holds it weakly. */
    private final SnapStartHooks snapStart;

    /** Lambda's constructor: configuration from the process environment. */
    SqsHandler() {
        this(System.getenv());
    }

    /** The local runtime's constructor, with the function's environment from template.yaml. */
    SqsHandler(Map<String, String> env) {
        this.settings = settings(env);
        this.clients = Clients.create(env);
        this.cloud = AwsCloud.of(clients, settings);
        this.snapStart = SnapStartHooks.register(env);
    }

    /** The function's settings from its environment (called by the constructor). */
    Settings settings(Map<String, String> env) {
        return Settings.from(env);
    }

    protected abstract void handle(SQSEvent.SQSMessage message, Delivery delivery) throws Exception;

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        String worker = context != null && context.getLogStreamName() != null ? context.getLogStreamName() : "unknown";
        // Lambda's deadline for this invocation: an attempt says it timed out before Lambda ends it.
        long deadline = context != null && context.getRemainingTimeInMillis() > 0
                ? System.currentTimeMillis() + context.getRemainingTimeInMillis()
                : 0;
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            int receiveCount = receiveCount(message);
            try {
                handle(
                        message,
                        Delivery.of(
                                receiveCount,
                                worker,
                                message.getEventSourceArn(),
                                message.getReceiptHandle(),
                                deadline));
            } catch (OutOfMemoryError e) {
                // The attempt recorded it (LastWords) and scheduled its retry. A JVM that ran out of heap
                // may be broken in ways nobody can see, so a process of its own ends, as on Lambda when
                // an instance runs out of memory; instances sharing a JVM hand the error on.
                if (settings.crashMode() != Cloud.CrashMode.HALT) throw e;
                Log.warn(
                        null,
                        null,
                        getClass().getSimpleName() + " ran out of memory on message " + message.getMessageId()
                                + "; ending this instance");
                System.out.flush();
                Runtime.getRuntime().halt(OUT_OF_MEMORY_STATUS);
            } catch (Exception e) {
                Log.warn(
                        null,
                        null,
                        getClass().getSimpleName() + " failed on message " + message.getMessageId() + " (delivery "
                                + receiveCount + "): " + e);
                e.printStackTrace(System.out);
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId())
                        .build());
                Retries.delay(
                        cloud,
                        settings.retryDelaySeconds(),
                        Delivery.of(receiveCount, worker, message.getEventSourceArn(), message.getReceiptHandle()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** Lambda never calls this; the local runtime does when it retires an instance. */
    @Override
    public void close() {
        clients.close();
    }

    static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes();
        String count = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        return count == null ? 1 : Integer.parseInt(count);
    }
}
