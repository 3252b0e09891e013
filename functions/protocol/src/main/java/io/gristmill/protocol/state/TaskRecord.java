package io.gristmill.protocol.state;

import java.util.List;
import java.util.Map;

/**
 * A task as the table holds it, from its first attempt's start.
 *
 * @param committed the id of the attempt whose output is the task's, once DONE
 * @param runIndex for a committed map task, its output's partition lengths (varints)
 * @param counters the committed attempt's counters
 * @param skipped where the committed attempt skipped bad records, and why
 * @param input what the task reads, for people ({@code books/a.txt bytes 0-65536})
 */
public record TaskRecord(
        String jobId,
        TaskId task,
        TaskStatus status,
        List<Attempt> attempts,
        String committed,
        byte[] runIndex,
        Map<String, Long> counters,
        List<String> skipped,
        String input,
        String lastError) {

    public boolean done() {
        return status == TaskStatus.DONE;
    }
}
