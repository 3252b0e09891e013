package io.gristmill.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.protocol.message.ObjectCreated;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 of grist up, whose state outlives it: a kill mid-write leaves no half-written object visible, and
 * no event is lost, because writes in progress and undelivered events are journalled.
 */
class DurableS3Test {
    @TempDir
    Path dir;

    private S3Server durable(ObjectCreatedListener listener) {
        return S3Server.durable(dir.resolve("s3"), dir.resolve("journal"), listener);
    }

    @Test
    void s3ProxyWritesAnObjectNextToItUnderATemporaryNameFirst() throws Exception {
        // The journal's clean-up relies on this: a kill mid-write leaves <key>-<random UUID> behind.
        try (S3Server server = durable(ObjectCreatedListener.NONE)) {
            server.start();
            CountDownLatch halfway = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            InputStream slow = new InputStream() {
                private int sent;

                @Override
                public int read() throws IOException {
                    if (sent == 4096) {
                        halfway.countDown();
                        try {
                            release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    return sent++ < 8192 ? 'x' : -1;
                }
            };
            try (S3Client s3 = client(server)) {
                s3.createBucket(b -> b.bucket("bucket"));
                CompletableFuture<?> put = CompletableFuture.runAsync(() -> s3.putObject(
                        b -> b.bucket("bucket").key("dir/object.txt"),
                        RequestBody.fromContentProvider(() -> slow, 8192, "text/plain")));
                assertTrue(halfway.await(30, TimeUnit.SECONDS));
                Path folder = dir.resolve("s3/bucket/dir");
                List<Path> temporaries = awaitFiles(folder, p -> WriteJournal.isTemporary("object.txt", p));
                assertEquals(1, temporaries.size(), "one temporary file next to the object: " + list(folder));
                release.countDown();
                put.get(30, TimeUnit.SECONDS);
                assertEquals(List.of(folder.resolve("object.txt")), list(folder));
            }
        }
    }

    @Test
    void aStartRemovesWhatAnInterruptedWriteLeftAndDeliversTheEventsOwed() throws Exception {
        List<ObjectCreated> firstRun = new CopyOnWriteArrayList<>();
        try (S3Server server = durable(new ObjectCreatedListener() {
            @Override
            public void objectCreated(ObjectCreated event) {
                if (event.key().startsWith("undelivered/")) throw new IllegalStateException("the queue is down");
                firstRun.add(event);
            }
        })) {
            server.start();
            try (S3Client s3 = client(server)) {
                s3.createBucket(b -> b.bucket("bucket"));
                s3.putObject(b -> b.bucket("bucket").key("delivered.txt"), RequestBody.fromString("a"));
                s3.putObject(b -> b.bucket("bucket").key("undelivered/b.txt"), RequestBody.fromString("bb"));
            }
        }
        assertEquals(1, firstRun.size());
        // What a kill in the middle of a write leaves: its journal entry and its temporary file.
        long started = System.currentTimeMillis() - 1000;
        Files.writeString(
                dir.resolve("journal/0-1.write"),
                "{\"bucket\":\"bucket\",\"key\":\"half/c.txt\",\"kind\":\"ObjectCreated:Put\",\"started\":" + started
                        + "}");
        Path half = Files.createDirectories(dir.resolve("s3/bucket/half"));
        Path temporary = half.resolve("c.txt-" + UUID.randomUUID());
        Files.writeString(temporary, "half of it");

        List<ObjectCreated> secondRun = new CopyOnWriteArrayList<>();
        try (S3Server server = durable(secondRun::add)) {
            server.start();
            assertFalse(Files.exists(temporary), "the half-written file is gone before S3 serves a request");
            assertEquals(1, server.deliverOwedEvents());
            try (S3Client s3 = client(server)) {
                assertTrue(s3.listObjectsV2(b -> b.bucket("bucket").prefix("half/"))
                        .contents()
                        .isEmpty());
            }
        }
        assertEquals(1, secondRun.size());
        ObjectCreated owed = secondRun.get(0);
        assertEquals("undelivered/b.txt", owed.key());
        assertEquals(2, owed.size());
        assertTrue(
                owed.sequencer().compareTo(firstRun.get(0).sequencer()) > 0,
                "a later sequencer than the first run's: " + owed.sequencer() + " > "
                        + firstRun.get(0).sequencer());
        try (Stream<Path> left = Files.list(dir.resolve("journal"))) {
            assertEquals(List.of(), left.toList(), "the journal is empty once the events are delivered");
        }
    }

    private static List<Path> awaitFiles(Path folder, java.util.function.Predicate<Path> which) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<Path> found = Files.isDirectory(folder)
                    ? list(folder).stream().filter(which).toList()
                    : List.of();
            if (!found.isEmpty() || System.nanoTime() > deadline) return found;
            Thread.sleep(20);
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return new ArrayList<>(files.sorted().toList());
        }
    }

    static S3Client client(S3Server server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(Emulators.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "thing")))
                .httpClient(UrlConnectionHttpClient.create())
                .forcePathStyle(true)
                .build();
    }
}
