package io.gristmill.e2e;

import io.gristmill.client.JobClient;
import io.gristmill.local.LocalCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One local cloud for the test JVM: starting one costs about two seconds, and tests isolate
 * themselves with their own job names and prefixes. Retries are fast here (1 s) so failure tests
 * stay quick.
 */
final class SharedCloud {
    static final Map<String, String> TEST_PARAMETERS = Map.of("RetryDelaySeconds", "1");
    private static LocalCloud cloud;

    private SharedCloud() {}

    static synchronized LocalCloud get() {
        if (cloud == null) {
            // Function output goes to each instance's log, as on Lambda; tests read those logs.
            io.gristmill.local.runtime.LogRouter.install(null);
            try {
                cloud = LocalCloud.start(LocalCloud.Options.builder()
                        .parameters(TEST_PARAMETERS)
                        .concurrency(4)
                        .inMemoryS3(true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(cloud::close));
        }
        return cloud;
    }

    static JobClient client() {
        LocalCloud c = get();
        return new JobClient(c.s3(), c.dynamo(), c.bucket(), c.table());
    }
}
