package io.gristmill.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.protocol.message.ObjectCreated;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The on-disk storage the local cloud uses for real data; EmulatorsTest covers S3 behaviour in memory. */
class S3ServerTest {

    @Test
    void storesObjectsAsFilesThatOutliveTheServer(@TempDir Path dir) throws Exception {
        List<ObjectCreated> events = new CopyOnWriteArrayList<>();
        try (S3Server server = S3Server.inDirectory(dir.resolve("s3"), events::add)) {
            server.start();
            try (S3Client s3 = client(server)) {
                s3.createBucket(b -> b.bucket("input"));
                s3.putObject(p -> p.bucket("input").key("part/0001.txt"), RequestBody.fromString("some words"));
            }
        }
        Path file = dir.resolve("s3/input/part/0001.txt");
        assertEquals("some words", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(1, events.size());
        assertEquals(10, events.get(0).size());

        try (S3Server server = S3Server.inDirectory(dir.resolve("s3"), ObjectCreatedListener.NONE)) {
            server.start();
            try (S3Client s3 = client(server)) {
                assertEquals(
                        "some words",
                        s3.getObjectAsBytes(g -> g.bucket("input").key("part/0001.txt"))
                                .asUtf8String());
                assertTrue(s3.listBuckets().buckets().stream()
                        .anyMatch(b -> b.name().equals("input")));
            }
        }
    }

    @Test
    void aFilePutDirectlyIsTheObjectAPutWouldMake(@TempDir Path dir) throws Exception {
        List<ObjectCreated> events = new CopyOnWriteArrayList<>();
        Path local = dir.resolve("words.txt");
        Files.writeString(local, "the quick brown fox\njumps over\n".repeat(1000));
        try (S3Server server = S3Server.inDirectory(dir.resolve("s3"), events::add)) {
            server.start();
            try (S3Client s3 = client(server)) {
                s3.createBucket(b -> b.bucket("input"));
                s3.putObject(p -> p.bucket("input").key("by-http.txt"), RequestBody.fromFile(local));
                server.putFile("input", "direct.txt", local);

                var viaHttp = s3.headObject(h -> h.bucket("input").key("by-http.txt"));
                var direct = s3.headObject(h -> h.bucket("input").key("direct.txt"));
                assertEquals(viaHttp.eTag(), direct.eTag(), "the same bytes, the same ETag (their MD5)");
                assertEquals(Files.size(local), direct.contentLength());
                assertEquals(
                        Files.readString(local),
                        s3.getObjectAsBytes(
                                        g -> g.bucket("input").key("direct.txt").range("bytes=0-"))
                                .asUtf8String());
            }
        }
        assertEquals(2, events.size(), "each write is an event: " + events);
        assertEquals("direct.txt", events.get(1).key());
        assertEquals(Files.size(local), events.get(1).size());
    }

    private static S3Client client(S3Server server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(Emulators.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "thing")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
