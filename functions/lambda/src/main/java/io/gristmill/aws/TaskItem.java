package io.gristmill.aws;

import java.util.List;
import java.util.Map;

/**
 * A task's item (key {@code JOB#<id>}, {@code MAP#000003} or {@code REDUCE#000001}), created by its
 * first attempt.
 *
 * @param committed the id of the attempt whose output is the task's output, once DONE
 * @param runIndex for a map task, the committed output's partition lengths (varints)
 * @param counters the committed attempt's counters
 */
public record TaskItem(
        String jobId,
        TaskId task,
        boolean done,
        List<Attempt> attempts,
        String committed,
        byte[] runIndex,
        Map<String, Long> counters,
        List<String> skipped,
        String input,
        String lastError) {}
