package io.gristmill.protocol;

import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.protocol.cloud.ObjectStore;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.state.CommitRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An attempt's output, produced but not yet committed (see {@link TaskWorker}): where it commits, what
 * the attempt counted, and how it commits (a conditional create) or is abandoned. A run (a map or merge
 * output: R sorted partitions and a footer) also leaves its partition lengths in the table.
 */
public final class TaskOutput implements AutoCloseable {
    /** The conditional create of the output with the commit record's metadata; false when one is there. */
    @FunctionalInterface
    public interface Commit {
        boolean commit(Map<String, String> metadata) throws IOException;
    }

    /** Abandons an output that was not committed (an upload in progress, a temporary file). */
    @FunctionalInterface
    public interface Abandon {
        void abandon() throws IOException;

        Abandon NOTHING = () -> {};
    }

    private final ObjectStore objects;
    private final String key;
    private final long[] lengths;
    private final Map<String, Long> counters;
    private final List<String> skipped;
    private final long bytes;
    private final Commit commit;
    private final Abandon abandon;

    private TaskOutput(
            ObjectStore objects,
            String key,
            long[] lengths,
            Map<String, Long> counters,
            List<String> skipped,
            long bytes,
            Commit commit,
            Abandon abandon) {
        this.objects = objects;
        this.key = key;
        this.lengths = lengths;
        this.counters = counters;
        this.skipped = skipped;
        this.bytes = bytes;
        this.commit = commit;
        this.abandon = abandon;
    }

    /** A run of {@code lengths.length} partitions: the table keeps its partition lengths. */
    public static TaskOutput run(
            ObjectStore objects,
            String key,
            long[] lengths,
            Map<String, Long> counters,
            List<String> skipped,
            long bytes,
            Commit commit,
            Abandon abandon) {
        return new TaskOutput(objects, key, lengths, counters, skipped, bytes, commit, abandon);
    }

    /** A reduce task's part: read whole, so nothing of it is indexed. */
    public static TaskOutput part(
            String key, Map<String, Long> counters, List<String> skipped, long bytes, Commit commit, Abandon abandon) {
        return new TaskOutput(null, key, null, counters, skipped, bytes, commit, abandon);
    }

    /** The key the output commits to. */
    public String key() {
        return key;
    }

    public Map<String, Long> counters() {
        return counters;
    }

    public List<String> skipped() {
        return skipped;
    }

    /** Its size, for the log. */
    public long bytes() {
        return bytes;
    }

    /** The conditional create; false when another attempt's output is there already. */
    public boolean commit(CommitRecord record) throws IOException {
        return commit.commit(record.toMetadata());
    }

    /**
     * What the table keeps of the committed output: a run's partition lengths, this attempt's or, when
     * another attempt won the commit, the winner's, read from its footer; null for a part.
     */
    public byte[] committedIndex(boolean won) throws IOException {
        if (lengths == null) return null;
        return ReduceInput.packLengths(won ? lengths : footerLengths(objects, key));
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

    /** Abandons the output unless it was committed. */
    @Override
    public void close() throws IOException {
        abandon.abandon();
    }
}
