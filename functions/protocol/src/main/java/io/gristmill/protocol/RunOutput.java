package io.gristmill.protocol;

import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.protocol.cloud.ObjectStore;
import io.gristmill.protocol.message.ReduceInput;
import java.io.IOException;

/**
 * An output that is a run (a map or merge output: R sorted partitions and a footer): the table keeps
 * its partition lengths, this attempt's or, when another attempt won the commit, the winner's, read
 * from its footer.
 */
public abstract class RunOutput implements TaskOutput {
    private final ObjectStore objects;

    protected RunOutput(ObjectStore objects) {
        this.objects = objects;
    }

    /** This attempt's partition lengths. */
    protected abstract long[] lengths();

    @Override
    public byte[] committedIndex(boolean won) throws IOException {
        if (won) return ReduceInput.packLengths(lengths());
        return ReduceInput.packLengths(footerLengths(objects, key()));
    }

    /** The partition lengths in a committed run's footer: one suffix-range GET, two for R above 8,000. */
    static long[] footerLengths(ObjectStore objects, String key) throws IOException {
        byte[] tail = objects.readTail(key, 64 << 10);
        int needed = RunIndex.tailLength(tail);
        if (needed > tail.length) tail = objects.readTail(key, needed);
        RunIndex winner = RunIndex.parse(tail);
        long[] lengths = new long[winner.partitions()];
        for (int p = 0; p < lengths.length; p++) lengths[p] = winner.length(p);
        return lengths;
    }
}
