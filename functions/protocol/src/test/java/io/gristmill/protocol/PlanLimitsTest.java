package io.gristmill.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.Manifest;
import io.gristmill.engine.job.Partitioning;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A job too big for its table item is refused at planning, with the split size that would fit. */
class PlanLimitsTest {
    private static List<Split> splits(int n, long each, boolean gzip) {
        List<Split> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new Split(i, "input/f" + i, "f" + i, 0, each, each, gzip));
        return out;
    }

    @Test
    void upToTheLimitIsFine() {
        assertEquals(
                Optional.empty(),
                Plan.tooManyTasks(
                        splits(Plan.MAX_MAP_TASKS, 1 << 20, false), (long) Plan.MAX_MAP_TASKS << 20, 1 << 20));
    }

    @Test
    void oneTaskTooManyNamesTheCountTheLimitAndASplitSizeThatFits() {
        int n = Plan.MAX_MAP_TASKS + 1;
        long bytes = (long) n << 20;
        String message =
                Plan.tooManyTasks(splits(n, 1 << 20, false), bytes, 1 << 20).orElseThrow();
        assertTrue(
                message.contains("makes " + n + " map tasks") && message.contains("at most " + Plan.MAX_MAP_TASKS),
                message);
        assertTrue(message.contains("split size of at least 2.0 MB"), message);
        assertTrue(bytes / (2L << 20) <= Plan.MAX_MAP_TASKS, "the advice really fits");
    }

    @Test
    void manyGzipObjectsCannotBeFixedBySplitSize() {
        int n = Plan.MAX_MAP_TASKS + 10;
        String message =
                Plan.tooManyTasks(splits(n, 1000, true), n * 1000L, 64L << 20).orElseThrow();
        assertTrue(message.contains("gzip objects, which are one map task each"), message);
    }

    @Test
    void aSpecTooLargeForATaskMessageIsRefusedWithItsCause() throws Exception {
        JobSpec spec = Manifest.parse(
                        "{\"app\": \"sort\", \"input\": \"input/lines/\", \"reducers\": 5000}", "jobs/big.json")
                .toSpec("big-1", "big", 4, 64 << 20);
        assertEquals(Optional.empty(), Plan.specTooLarge(spec));
        List<String> points = new ArrayList<>();
        for (int i = 1; i < 5000; i++) points.add(String.format("%064d", i)); // 64 characters, the sampler's most
        String message = Plan.specTooLarge(spec.withPartitioning(new Partitioning.Range(points)))
                .orElseThrow();
        assertTrue(message.contains("4999 of its split points for 5000 reducers"), message);
        assertTrue(message.contains("use fewer reducers"), message);
    }
}
