package io.gristmill.engine.task;

import io.gristmill.api.Partitioner;
import java.util.Collections;
import java.util.List;

/**
 * Total-order partitioning: reducer r receives the keys between split points r-1 and r, so the
 * parts, read in order, are one sorted sequence. The coordinator samples the split points from the
 * input before any map runs (see the sort app).
 */
public final class RangePartitioner implements Partitioner {
    private final List<String> splitPoints;

    /** @param splitPoints strictly increasing keys; at most R-1 of them */
    public RangePartitioner(List<String> splitPoints) {
        this.splitPoints = List.copyOf(splitPoints);
    }

    @Override
    public int partition(String key, int reducers) {
        int i = Collections.binarySearch(splitPoints, key);
        // A key equal to split point i goes above it; otherwise to the insertion point.
        int p = i >= 0 ? i + 1 : -i - 1;
        return Math.min(p, reducers - 1);
    }
}
