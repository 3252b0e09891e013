package io.gristmill.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What SnapStart priming must and must not do; the hooks themselves only run on Lambda. */
class PrimingTest {
    @TempDir
    Path tmp;

    /** A function's environment whose endpoints all lead to {@code port}, so any connection is seen. */
    private Map<String, String> environment(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("GRISTMILL_BUCKET", "b");
        env.put("GRISTMILL_TABLE", "t");
        env.put("GRISTMILL_COORDINATOR_QUEUE_URL", "http://127.0.0.1:" + port + "/0/coordinator");
        env.put("GRISTMILL_MAP_QUEUE_URL", "http://127.0.0.1:" + port + "/0/map");
        env.put("GRISTMILL_REDUCE_QUEUE_URL", "http://127.0.0.1:" + port + "/0/reduce");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        env.put("TMPDIR", tmp.toString());
        return env;
    }

    @Test
    void primesEveryStepWithoutOpeningAConnectionOrLeavingFiles() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(100);
            Thread watcher = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        server.accept().close();
                        connections.incrementAndGet();
                    } catch (SocketTimeoutException e) {
                        // keep watching
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            watcher.setDaemon(true);
            watcher.start();

            Map<String, String> env = environment(server.getLocalPort());
            // A handler constructed as Lambda constructs it, then the hook Lambda calls before the snapshot.
            new io.gristmill.handlers.MapHandler(env).close();
            SnapStartHooks hooks = SnapStartHooks.register(env);
            assertNull(hooks.lastPriming());
            hooks.beforeCheckpoint(null);
            hooks.afterRestore(null);
            Priming.Report report = hooks.lastPriming();

            assertEquals(Map.of(), report.failures(), report.toString());
            assertEquals(List.of("json", "engine", "sdk"), report.steps());
            // putObject, getObject x2, headObject, updateItem, getItem, query, sendMessageBatch,
            // getQueueUrl, changeMessageVisibility: the SDK pipeline ran for each, offline.
            assertEquals(10, report.sdkRequests(), report.toString());
            Thread.sleep(300);
            assertEquals(0, connections.get(), "priming must not connect anywhere");
        }
        try (var left = Files.list(tmp)) {
            assertFalse(left.findAny().isPresent(), "priming leaves no scratch files");
        }
    }

    @Test
    void primingIsRepeatableAndReportsWhatItDid() {
        Priming.Report first = Priming.run(environment(9));
        Priming.Report second = Priming.run(environment(9));
        assertEquals(first.steps(), second.steps());
        assertTrue(first.toString().startsWith("3 steps in "), first.toString());
    }
}
