package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.Recovery;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash between any two steps of the protocol: one job per crash point, in which the first
 * delivery of every task (or of the coordinator's event) that reaches the point dies there. Each
 * must still produce the sequential output, because the redelivered message finishes what the dead
 * attempt started. The jobs run at the same time; each point is its own test.
 */
class CrashPointsTest {
    @TempDir
    static Path tmp;

    static JobClient client;
    static List<Path> docs;
    static final Map<String, String> manifests = new LinkedHashMap<>();

    @BeforeAll
    static void submitAll() throws Exception {
        client = SharedCloud.client();
        docs = Corpus.write(tmp.resolve("cp"), 2, 150, 41);
        client.upload("uploads/cp/", List.of(tmp.resolve("cp")));
        for (FaultPoint fp : FaultPoint.values()) {
            if (fp.pipelineOnly()) continue; // a single job never gets there; MemoryPipelineTest crashes there
            String point = fp.id();
            String name = "cp-" + point.replace('.', '-');
            var spec =
                    Jobs.spec("wordcount", List.of("uploads/cp/"), "output/" + name + "/", 2, 6000, Map.of())
                            .toBuilder()
                            .recovery(new Recovery(1, false, 3, 30, 900))
                            .chaos(Chaos.parse("at=" + point + ",seed=1"))
                            .build();
            manifests.put(point, client.submit(name, spec));
        }
    }

    @TestFactory
    Stream<DynamicTest> theJobSurvivesACrashAtEveryPoint() {
        return manifests.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    String jobId = client.awaitJobId(e.getValue(), Duration.ofSeconds(60));
                    JobRecord job = client.await(jobId, Duration.ofSeconds(120), j -> {});
                    assertEquals(JobStatus.SUCCEEDED, job.status(), job::error);
                    Jobs.assertSameLines(
                            Oracle.wordCount(docs),
                            Jobs.sortedLines(Jobs.parts(client, job, tmp.resolve("out-" + e.getKey()))));
                    assertTrue(
                            crashLogged(jobId, e.getKey()),
                            "an attempt of " + jobId + " really crashed at " + e.getKey());
                }));
    }

    /** The crash is in some function instance's log, as it would be in CloudWatch. */
    static boolean crashLogged(String jobId, String point) throws IOException {
        String needle = "chaos: crashing at " + point;
        try (Stream<Path> logs = Files.walk(SharedCloud.get().logDir())) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                for (String line : Files.readAllLines(log)) {
                    if (line.startsWith("[" + jobId) && line.contains(needle)) return true;
                }
            }
        }
        return false;
    }
}
