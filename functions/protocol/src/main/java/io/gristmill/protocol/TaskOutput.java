package io.gristmill.protocol;

import io.gristmill.protocol.state.CommitRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** An attempt's output, produced but not yet committed (see {@link TaskWorker}). */
public interface TaskOutput extends AutoCloseable {
    /** The key the output commits to. */
    String key();

    Map<String, Long> counters();

    List<String> skipped();

    /** Its size, for the log. */
    long bytes() throws IOException;

    /** The conditional create; false when another attempt's output is there already. */
    boolean commit(CommitRecord record) throws IOException;

    /** What the table keeps of the committed output (a run's partition lengths), or null. */
    byte[] committedIndex(boolean won) throws IOException;

    /** Abandons the output unless it was committed. */
    @Override
    void close() throws IOException;
}
