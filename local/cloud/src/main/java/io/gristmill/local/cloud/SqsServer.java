package io.gristmill.local.cloud;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.util.Either;

/**
 * The local SQS: ElasticMQ embedded in this JVM, on 127.0.0.1 and a free port, in memory or, when
 * durable, with its queues and messages kept in an H2 database (ElasticMQ's own SQL persistence). Region
 * and account are set so queue ARNs look like AWS ones; code that builds RedrivePolicy ARNs depends on it
 * (ElasticMQ's default region is "elasticmq").
 */
public final class SqsServer extends Emulator {

    private static final Logger LOG = LoggerFactory.getLogger(SqsServer.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * ElasticMQ reaches its database through scalikejdbc's JVM-wide connection pool, so one durable SQS at a
     * time runs in a JVM: this one's database, while it runs.
     */
    private static Path activeDatabase;

    private final String region;
    private final String accountId;
    private final Path database;
    private URI queueAddress;
    private SQSRestServer server;
    private ActorSystem actors;

    public SqsServer(String region, String accountId) {
        this(region, accountId, null);
    }

    private SqsServer(String region, String accountId, Path database) {
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.database = database;
    }

    /**
     * Queues and messages kept in {@code directory} (an H2 database), so that they survive a stop, and a
     * kill: ElasticMQ answers a request only once the database has the change. Messages that were in
     * flight when the server stopped are visible again at once when it starts: whoever held them is gone.
     */
    public static SqsServer durable(String region, String accountId, Path directory) {
        return new SqsServer(region, accountId, directory.toAbsolutePath().normalize());
    }

    /** The address queue URLs name (e.g. an edge router in front of this server); by default its own. */
    public synchronized SqsServer queueAddress(URI address) {
        this.queueAddress = address;
        return this;
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
            TheSQSRestServerBuilder builder = SQSRestServerBuilder.withDynamicPort()
                    .withInterface(HOST)
                    .withAWSRegion(region)
                    .withAWSAccountId(accountId);
            if (queueAddress != null) {
                builder = builder.withServerAddress(
                        new NodeAddress(queueAddress.getScheme(), queueAddress.getHost(), queueAddress.getPort(), ""));
            }
            if (database != null) builder = persistent(builder);
            // With a dynamic port and no server address, ElasticMQ writes the bound port into queue URLs.
            server = builder.start();
            int port = server.waitUntilStarted().localAddress().getPort();
            endpoint = URI.create("http://" + HOST + ":" + port);
        } catch (RuntimeException e) {
            close();
            throw e instanceof EmulatorException ? e : new EmulatorException("ElasticMQ did not start: " + e, e);
        }
    }

    /** Wires ElasticMQ's SQL persistence, restores what it holds, and returns the builder to start. */
    private TheSQSRestServerBuilder persistent(TheSQSRestServerBuilder builder) {
        String url = QueueDatabase.url(database);
        synchronized (SqsServer.class) {
            if (activeDatabase != null) {
                throw new EmulatorException("this JVM runs a durable SQS already (its queues are in " + activeDatabase
                        + "); ElasticMQ keeps one database per JVM, so stop that stack first, or run this one in a"
                        + " JVM of its own");
            }
            activeDatabase = database;
        }
        // ElasticMQ sets the pool up once per JVM; point it at this database (a stack may have run before).
        scalikejdbc.ConnectionPool$ pools = scalikejdbc.ConnectionPool$.MODULE$;
        scalikejdbc.ConnectionPoolSettings settings = pools.singleton$default$4();
        pools.singleton(url, "sa", "", settings, pools.singleton$default$5(url, "sa", "", settings));
        try {
            QueueDatabase.releaseInFlight(url);
        } catch (java.sql.SQLException e) {
            throw new EmulatorException(
                    "cannot open the queues' database in " + database + ": " + e.getMessage()
                            + (e.getMessage() != null && e.getMessage().contains("in use")
                                    ? " (another process holds it: is a stack using this state folder already?)"
                                    : ""),
                    e);
        }
        actors = ActorSystem.create("gristmill-sqs");
        SqlQueuePersistenceConfig config = new SqlQueuePersistenceConfig(true, "org.h2.Driver", url, "sa", "", false);
        ActorRef store = actors.actorOf(
                Props.create(SqlQueuePersistenceActor.class, config, scala.collection.immutable.List$.MODULE$.empty()),
                "queue-store");
        ActorRef manager = actors.actorOf(
                Props.create(QueueManagerActor.class, new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store)),
                "queue-manager");
        Object restored;
        try {
            restored = Patterns.ask(store, new QueueEvent.Restore(manager), RESTORE_TIMEOUT)
                    .toCompletableFuture()
                    .get(RESTORE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new EmulatorException("ElasticMQ could not restore the queues kept in " + database + ": " + e, e);
        }
        if (restored instanceof Either<?, ?> either && either.isLeft()) {
            throw new EmulatorException("ElasticMQ could not restore the queues kept in " + database + ": "
                    + either.left().get());
        }
        LOG.debug("ElasticMQ restored its queues from {}", database);
        return builder.withActorSystem(actors).withQueueManagerActor(manager).withQueueEventListener(store);
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
                        scala.concurrent.duration.Duration.create(3, TimeUnit.SECONDS));
            } catch (Exception e) {
                LOG.debug("ElasticMQ did not stop within 3 s", e);
            }
            server = null;
        }
        if (actors != null) {
            // An actor system we created is ours to stop (the server stops only its own).
            try {
                scala.concurrent.Await.result(
                        actors.terminate(), scala.concurrent.duration.Duration.create(3, TimeUnit.SECONDS));
            } catch (Exception e) {
                LOG.debug("ElasticMQ's actors did not stop within 3 s", e);
            }
            actors = null;
        }
        if (database != null) {
            synchronized (SqsServer.class) {
                if (database.equals(activeDatabase)) {
                    // Closing the pool closes the database, so its files can be opened again (by the next stack).
                    try {
                        scalikejdbc.ConnectionPool$.MODULE$.closeAll();
                    } catch (RuntimeException e) {
                        LOG.debug("closing the queues' database", e);
                    }
                    activeDatabase = null;
                }
            }
        }
        endpoint = null;
    }
}
