package io.gristmill.local.cloud;

import java.net.URI;
import java.util.Objects;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local SQS: ElasticMQ embedded in this JVM, on 127.0.0.1 and a free port, in memory.
 * Region and account are set so queue ARNs look like AWS ones; code that builds RedrivePolicy ARNs depends
 * on it (ElasticMQ's default region is "elasticmq").
 */
public final class SqsServer extends Emulator {

    private static final Logger LOG = LoggerFactory.getLogger(SqsServer.class);
    private static final String HOST = "127.0.0.1";

    private final String region;
    private final String accountId;
    private SQSRestServer server;

    public SqsServer(String region, String accountId) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    @Override
    public String name() {
        return "SQS (ElasticMQ)";
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException(name() + " is already started");
        }
        try {
            // With a dynamic port ElasticMQ writes the bound port into queue URLs.
            server = SQSRestServerBuilder.withDynamicPort()
                    .withInterface(HOST)
                    .withAWSRegion(region)
                    .withAWSAccountId(accountId)
                    .start();
            int port = server.waitUntilStarted().localAddress().getPort();
            endpoint = URI.create("http://" + HOST + ":" + port);
        } catch (RuntimeException e) {
            close();
            throw new EmulatorException("ElasticMQ did not start: " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            try {
                // stopAndWait() waits up to a minute for Pekko to drain connections, and throws Scala's
                // TimeoutException (a checked exception Java cannot see) when the JDK's keep-alive
                // cache holds one open. Nothing is lost by not waiting that long.
                scala.concurrent.Await.result(
                        server.stopAndGetFuture().apply(),
                        scala.concurrent.duration.Duration.create(3, java.util.concurrent.TimeUnit.SECONDS));
            } catch (Exception e) {
                LOG.debug("ElasticMQ did not stop within 3 s", e);
            }
            server = null;
        }
        endpoint = null;
    }
}
