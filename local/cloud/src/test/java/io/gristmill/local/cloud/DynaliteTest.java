package io.gristmill.local.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynaliteTest {

    @Test
    void defaultFolderIsTheRepositorysPinnedInstall() {
        Path folder = Dynalite.defaultFolder();
        assertTrue(folder.endsWith(Path.of("local", "dynalite")), folder.toString());
        assertTrue(Files.isRegularFile(folder.resolve("package-lock.json")), "the lock file is committed");
    }

    @Test
    void installsWithNpmCiOnFirstStartThenServesAndStops(@TempDir Path folder) throws IOException {
        Path pinned = Dynalite.defaultFolder();
        for (String file :
                List.of("package.json", "package-lock.json", ".npmrc", "exit-with-parent.js", "storage-errors.js")) {
            Files.copy(pinned.resolve(file), folder.resolve(file));
        }
        URI endpoint;
        try (Dynalite dynalite = new Dynalite(folder)) {
            dynalite.start();
            endpoint = dynalite.endpoint();
            assertTrue(Files.isRegularFile(folder.resolve("node_modules/dynalite/cli.js")));
            try (DynamoDbClient client = DynamoDbClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.of(Emulators.REGION))
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                    .build()) {
                assertEquals(List.of(), client.listTables().tableNames());
            }
        }
        assertFalse(accepts(endpoint), "close() stops the node process");
    }

    @Test
    void aFolderWithoutPackageJsonIsRejectedClearly(@TempDir Path folder) {
        try (Dynalite dynalite = new Dynalite(folder)) {
            EmulatorException e = assertThrows(EmulatorException.class, dynalite::start);
            assertTrue(e.getMessage().contains("package.json"), e.getMessage());
        }
    }

    private static boolean accepts(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
