package io.gristmill.local.cloud;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cloud's three emulators, started together: S3 (S3Proxy), SQS (ElasticMQ), DynamoDB (dynalite).
 * Close it after every SDK client that talks to it.
 */
public final class Emulators implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    /** Any credentials are accepted; these are the ones to hand to SDK clients and Lambda environments. */
    public static final String ACCESS_KEY_ID = "gristmill";

    public static final String SECRET_ACCESS_KEY = "gristmill";

    private static final Logger LOG = LoggerFactory.getLogger(Emulators.class);

    private final S3Server s3;
    private final SqsServer sqs;
    private final Dynalite dynamo;
    private final Duration startupTime;

    private Emulators(S3Server s3, SqsServer sqs, Dynalite dynamo, Duration startupTime) {
        this.s3 = s3;
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.startupTime = startupTime;
    }

    /** The local cloud: S3 objects kept as files under {@code s3Directory}, dynalite from the repository. */
    public static Emulators start(Path s3Directory, ObjectCreatedListener listener) {
        return start(s3Directory, null, listener);
    }

    /** As {@link #start(Path, ObjectCreatedListener)}, with dynalite's log in {@code logDirectory}. */
    public static Emulators start(Path s3Directory, Path logDirectory, ObjectCreatedListener listener) {
        return start(
                S3Server.inDirectory(s3Directory, listener),
                new SqsServer(REGION, ACCOUNT_ID),
                new Dynalite(Dynalite.defaultFolder(), null, logDirectory));
    }

    /**
     * A stack whose state survives stops and kills, all under {@code state}: S3 objects in {@code s3/} (with
     * the journal of writes in progress in {@code s3-journal/}), queues and messages in {@code sqs/}, tables in
     * {@code dynamodb/}.
     *
     * @param queueAddress the address queue URLs name (the stack's edge), or null for ElasticMQ's own
     */
    public static Emulators startDurable(Path state, ObjectCreatedListener listener, URI queueAddress) {
        SqsServer sqs = SqsServer.durable(REGION, ACCOUNT_ID, state.resolve("sqs"));
        if (queueAddress != null) sqs.queueAddress(queueAddress);
        return start(
                S3Server.durable(state.resolve("s3"), state.resolve("s3-journal"), listener),
                sqs,
                new Dynalite(Dynalite.defaultFolder(), state.resolve("dynamodb"), state.resolve("logs")));
    }

    /** Everything in memory, for tests. */
    public static Emulators startInMemory(ObjectCreatedListener listener) {
        return start(
                S3Server.inMemory(listener), new SqsServer(REGION, ACCOUNT_ID), new Dynalite(Dynalite.defaultFolder()));
    }

    /**
     * Starts the three at once (each takes 0.2 to 2 s, mostly waiting) and returns when all accept requests.
     * If any fails, the others are stopped again and the exception names each one that failed, and why.
     */
    public static Emulators start(S3Server s3, SqsServer sqs, Dynalite dynamo) {
        long begin = System.nanoTime();
        List<Emulator> all = List.of(s3, sqs, dynamo);
        ExecutorService pool = Executors.newFixedThreadPool(all.size());
        List<Future<?>> started = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Throwable firstCause = null;
        try {
            for (Emulator emulator : all) {
                started.add(pool.submit(emulator::start));
            }
            for (int i = 0; i < all.size(); i++) {
                try {
                    started.get(i).get();
                } catch (ExecutionException e) {
                    failures.add(all.get(i).name() + ": " + describe(e.getCause()));
                    firstCause = firstCause == null ? e.getCause() : firstCause;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.forEach(f -> f.cancel(true));
            failures.add("interrupted while starting");
            firstCause = e;
        } finally {
            pool.shutdown();
        }
        if (!failures.isEmpty()) {
            all.forEach(Emulators::closeQuietly);
            throw new EmulatorException("The local cloud did not start. " + String.join("; ", failures), firstCause);
        }
        Emulators emulators = new Emulators(s3, sqs, dynamo, Duration.ofNanos(System.nanoTime() - begin));
        LOG.info(
                "Local cloud up in {} ms: S3 {}, SQS {}, DynamoDB {}",
                emulators.startupTime.toMillis(),
                emulators.s3Endpoint(),
                emulators.sqsEndpoint(),
                emulators.dynamoEndpoint());
        return emulators;
    }

    /** The S3 emulator itself (for chaos: {@link S3Server#injectSlowDown}). */
    public S3Server s3() {
        return s3;
    }

    /** Delivers the S3 events a durable stack owed when it stopped (see {@link S3Server#deliverOwedEvents}). */
    public int deliverOwedEvents() {
        return s3.deliverOwedEvents();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public URI dynamoEndpoint() {
        return dynamo.endpoint();
    }

    /** Wall-clock time from start() until all three accepted requests. */
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        // S3 first: its stop() waits (briefly) for open client connections, the others do not.
        closeQuietly(s3);
        closeQuietly(sqs);
        closeQuietly(dynamo);
    }

    private static String describe(Throwable t) {
        return t instanceof EmulatorException && t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static void closeQuietly(Emulator emulator) {
        try {
            emulator.close();
        } catch (RuntimeException e) {
            LOG.warn("{} did not stop cleanly", emulator.name(), e);
        }
    }
}
