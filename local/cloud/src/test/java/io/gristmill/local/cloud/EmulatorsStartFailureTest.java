package io.gristmill.local.cloud;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorsStartFailureTest {

    @Test
    void namesTheEmulatorThatFailedAndStopsTheOthers(@TempDir Path folder) throws Exception {
        // A package.json without its lock file: npm ci refuses at once, without touching the network.
        Files.writeString(folder.resolve("package.json"), "{\"name\":\"x\",\"private\":true}");
        S3Server s3 = S3Server.inMemory(ObjectCreatedListener.NONE);
        SqsServer sqs = new SqsServer(Emulators.REGION, Emulators.ACCOUNT_ID);

        EmulatorException e =
                assertThrows(EmulatorException.class, () -> Emulators.start(s3, sqs, new Dynalite(folder)));

        String message = e.getMessage();
        assertTrue(message.startsWith("The local cloud did not start. DynamoDB (dynalite): npm ci in "), message);
        assertTrue(message.contains("package-lock.json"), "npm's own output is included: " + message);
        assertThrows(IllegalStateException.class, s3::endpoint, "S3 was stopped again");
        assertThrows(IllegalStateException.class, sqs::endpoint, "SQS was stopped again");
    }
}
