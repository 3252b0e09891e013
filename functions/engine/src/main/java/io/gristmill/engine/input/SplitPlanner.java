package io.gristmill.engine.input;

import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Sizes;
import java.util.ArrayList;
import java.util.List;

/** Cuts input objects into splits of at most {@code splitSize} bytes; gzip objects stay whole. */
public final class SplitPlanner {
    /**
     * The most map tasks a job may have (the protocol's {@code Plan.MAX_MAP_TASKS} says the same; docs/scale.md).
     * Checked before any split is made, so that a mistaken split size costs no memory, and by {@code grist
     * run} before it starts anything.
     */
    public static final int MAX_SPLITS = 1_000_000;

    private SplitPlanner() {}

    /** How many map tasks the objects make at this split size. */
    public static long count(List<InputObject> objects, long splitSize) {
        long count = 0;
        for (InputObject o : objects) {
            if (o.size() > 0) count += o.gzip() ? 1 : (o.size() + splitSize - 1) / splitSize;
        }
        return count;
    }

    public static List<Split> plan(List<InputObject> objects, long splitSize) throws JobSpecException {
        long total = 0;
        long gzip = 0;
        long nonEmpty = 0;
        for (InputObject o : objects) {
            total += o.size();
            if (o.size() > 0) nonEmpty++;
            if (o.gzip() && o.size() > 0) gzip++;
        }
        long count = count(objects, splitSize);
        if (count > MAX_SPLITS) {
            String what = "the input (" + Sizes.format(total) + " in " + objects.size() + " objects) makes " + count
                    + " map tasks at a split size of " + Sizes.format(splitSize) + ", and a job runs at most "
                    + String.format("%,d", MAX_SPLITS) + " (the most its planning and records are built for;"
                    + " docs/scale.md)";
            if (gzip > MAX_SPLITS / 2 || nonEmpty > MAX_SPLITS) {
                String why = gzip > MAX_SPLITS / 2
                        ? gzip + " of them are gzip objects, which are one map task each"
                        : "each of its " + nonEmpty + " objects is at least one map task";
                throw new JobSpecException(what + "; " + why
                        + ": combine them into fewer, larger objects, or split the input over several jobs");
            }
            long mb = 1L << 20;
            long needed = ((total / (MAX_SPLITS - gzip)) + mb) / mb * mb;
            throw new JobSpecException(what + "; use a split size of at least " + Sizes.format(needed)
                    + " (--split-size, or \"splitSize\" in a manifest), or split the input over several jobs");
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
