package io.gristmill.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.gristmill.local.cloud.Emulators;
import io.gristmill.local.cloud.ObjectCreatedListener;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Publishing a part of more than 5 GB (CopyObject's limit) copies it in parts (UploadPartCopy): here
 * on the local S3 with 5 MB parts, S3's smallest, so that a 12 MB object takes three.
 */
class MultipartCopyTest {
    @Test
    void aCopyInPartsIsTheSameObject() throws Exception {
        try (Emulators emulators = Emulators.startInMemory(ObjectCreatedListener.NONE)) {
            Map<String, String> env = Map.of(
                    "AWS_REGION", Emulators.REGION,
                    "AWS_ACCESS_KEY_ID", Emulators.ACCESS_KEY_ID,
                    "AWS_SECRET_ACCESS_KEY", Emulators.SECRET_ACCESS_KEY,
                    "AWS_ENDPOINT_URL_S3", emulators.s3Endpoint().toString());
            try (Clients clients = Clients.create(env)) {
                clients.s3().createBucket(b -> b.bucket("copies"));
                S3Objects objects = new S3Objects(clients.s3(), "copies");
                byte[] data = new byte[12 << 20];
                new Random(3).nextBytes(data);
                objects.putIfAbsent("staged/part-r-00000", data, "application/octet-stream", Map.of());
                objects.copyInParts("staged/part-r-00000", "output/part-r-00000", data.length, 5L << 20);
                assertArrayEquals(data, objects.get("output/part-r-00000").orElseThrow());
            }
        }
    }
}
