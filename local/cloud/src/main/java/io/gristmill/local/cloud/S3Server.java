package io.gristmill.local.cloud;

import io.gristmill.protocol.message.ObjectCreated;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.gaul.shaded.org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The local S3: S3Proxy embedded in this JVM, on 127.0.0.1 and a free port, accepting any credentials.
 * S3Proxy is the one emulator here with atomic conditional writes (If-None-Match / If-Match), which the
 * framework relies on. Every object created is reported to an {@link ObjectCreatedListener}.
 */
public final class S3Server extends Emulator {

    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    private static final String HOST = "127.0.0.1";
    // How long stop() waits for open connections before Jetty closes them. S3Proxy's default is 30 s, and
    // it is paid even after every client is closed: the JDK HTTP client keeps idle connections cached.
    private static final long STOP_TIMEOUT_MS = 250;

    private final Supplier<BlobStore> storage;
    private final ObjectCreatedListener listener;
    private final InjectSlowDown slowDown = new InjectSlowDown();
    private final WriteJournal journal;
    private final Sequencer sequencer = new Sequencer();
    private S3Proxy proxy;
    private BlobStore store;
    private WriteJournal.Recovery recovery;

    private S3Server(Supplier<BlobStore> storage, ObjectCreatedListener listener, WriteJournal journal) {
        this.storage = storage;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.journal = journal;
    }

    /** Buckets are folders of {@code directory}, objects are files: for real data, which can be GBs. */
    public static S3Server inDirectory(Path directory, ObjectCreatedListener listener) {
        return new S3Server(filesystem(directory.toAbsolutePath().normalize()), listener, null);
    }

    /**
     * As {@link #inDirectory}, for a stack whose state survives it: writes in progress and events not yet
     * delivered are journalled in {@code journal}, so that a stop or a kill mid-write leaves no half-written
     * object behind and loses no event ({@link #deliverOwedEvents}).
     */
    public static S3Server durable(Path directory, Path journal, ObjectCreatedListener listener) {
        Path dir = directory.toAbsolutePath().normalize();
        return new S3Server(filesystem(dir), listener, new WriteJournal(journal.toAbsolutePath(), dir));
    }

    private static Supplier<BlobStore> filesystem(Path dir) {
        return () -> {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new EmulatorException("cannot create the S3 data directory " + dir + ": " + e, e);
            }
            return new FilesystemNio2BlobStore(dir.toString());
        };
    }

    /** Everything in memory and gone at close(): for tests. */
    public static S3Server inMemory(ObjectCreatedListener listener) {
        return new S3Server(TransientNio2BlobStore::new, listener, null);
    }

    /**
     * Stores a local file as an object, exactly as a PUT of it would (its ETag, its event), without sending it
     * over HTTP: the way grist run puts its input into the local bucket, in a fraction of the time and CPU.
     */
    public void putFile(String bucket, String key, Path file) throws IOException {
        BlobStore target;
        synchronized (this) {
            target = store;
        }
        if (target == null) throw new IllegalStateException(name() + " is not started");
        try (InputStream in = Files.newInputStream(file)) {
            target.putBlob(
                    PutObjectRequest.builder()
                            .bucket(bucket)
                            .key(key)
                            .contentLength(Files.size(file))
                            .build(),
                    in);
        }
    }

    /**
     * Delivers the events an earlier run of a durable S3 owed (objects stored, events not yet handed over
     * when it stopped), once the listener can deliver them; returns how many.
     */
    public synchronized int deliverOwedEvents() {
        if (recovery == null) return 0;
        int delivered = 0;
        for (ObjectCreated event : recovery.owed()) {
            listener.objectCreated(event);
            delivered++;
        }
        recovery.forget();
        recovery = null;
        return delivered;
    }

    @Override
    public String name() {
        return "S3 (S3Proxy)";
    }

    @Override
    public synchronized void start() {
        if (proxy != null) {
            throw new IllegalStateException(name() + " is already started");
        }
        BlobStore files = storage.get();
        if (journal != null) {
            try {
                recovery = journal.recover(files, sequencer);
            } catch (IOException e) {
                throw new EmulatorException("cannot read the S3 write journal: " + e, e);
            }
        }
        store = new NotifyingBlobStore(files, listener, sequencer, journal);
        // No awsAuthentication(...): S3Proxy then accepts any access key, as the local cloud wants.
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + HOST + ":0"))
                .stopTimeout(STOP_TIMEOUT_MS)
                .build();
        try {
            installFilter(proxy, slowDown);
            installFilter(proxy, new DrainAwsChunkedBody());
            proxy.start();
            if (!"STARTED".equals(proxy.getState())) {
                throw new IllegalStateException("its state is " + proxy.getState());
            }
        } catch (Exception e) {
            close();
            throw new EmulatorException("S3Proxy did not start: " + e, e);
        }
        endpoint = URI.create("http://" + HOST + ":" + proxy.getPort());
        LOG.debug("S3Proxy listening at {}", endpoint);
    }

    /**
     * From now on, answers a share {@code p} of requests with 503 SlowDown (chaos: {@code slowdown=P});
     * 0 turns it off. The same seed refuses the same requests of the same sequence.
     */
    public void injectSlowDown(double p, long seed) {
        slowDown.set(p, seed);
    }

    /** Requests answered with an injected 503 SlowDown so far. */
    public long slowDowns() {
        return slowDown.refused();
    }

    // S3Proxy offers no hook into its Jetty server, so reach its private field; S3Proxy is pinned, and the
    // tests fail at start if a new version moves it.
    private static void installFilter(S3Proxy proxy, Filter filter) throws ReflectiveOperationException {
        Field field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        ServletContextHandler context = jetty.getDescendant(ServletContextHandler.class);
        if (context == null) {
            throw new IllegalStateException("S3Proxy's Jetty server has no servlet context");
        }
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    @Override
    public synchronized void close() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (TimeoutException e) {
                // Jetty stops all the same; it only reports that some connection was still open.
                LOG.debug("S3Proxy closed connections still open after {} ms", STOP_TIMEOUT_MS);
            } catch (Exception e) {
                LOG.warn("S3Proxy did not stop cleanly", e);
            }
            proxy = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
        endpoint = null;
    }
}
