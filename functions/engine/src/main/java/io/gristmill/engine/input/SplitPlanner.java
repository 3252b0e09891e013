package io.gristmill.engine.input;

import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Sizes;
import java.util.ArrayList;
import java.util.List;

/** Cuts input objects into splits of at most {@code splitSize} bytes; gzip objects stay whole. */
public final class SplitPlanner {
    /** Splits per job at most: see Plan.MAX_MAP_TASKS. */
    public static final int MAX_SPLITS = 1_000_000;

    private SplitPlanner() {}

    public static List<Split> plan(List<InputObject> objects, long splitSize) throws JobSpecException {
        long total = 0;
        long count = 0;
        for (InputObject o : objects) {
            total += o.size();
            if (o.size() > 0) count += o.gzip() ? 1 : (o.size() + splitSize - 1) / splitSize;
        }
        if (count > MAX_SPLITS) {
            long suggested = Math.max(splitSize * 2, (total + MAX_SPLITS - 1) / MAX_SPLITS);
            throw new JobSpecException("the input (" + Sizes.format(total) + " in " + objects.size()
                    + " objects) cut into splits of " + Sizes.format(splitSize) + " makes " + count
                    + " map tasks; a job may have at most " + MAX_SPLITS + ". Use a split size of at least "
                    + Sizes.format(suggested) + ".");
        }
        List<Split> splits = new ArrayList<>((int) count);
        for (InputObject o : objects) {
            if (o.size() == 0) continue;
            if (o.gzip()) {
                splits.add(new Split(splits.size(), o.key(), o.name(), 0, o.size(), o.size(), true));
                continue;
            }
            for (long start = 0; start < o.size(); start += splitSize) {
                long end = Math.min(o.size(), start + splitSize);
                splits.add(new Split(splits.size(), o.key(), o.name(), start, end, o.size(), false));
            }
        }
        return splits;
    }
}
