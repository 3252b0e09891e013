package io.gristmill.report;

import io.gristmill.protocol.state.JobSummary.TaskSummary;
import java.util.Map;

/**
 * What one task read and wrote, from its committed attempt's counters, whatever its kind: a map task
 * reads {@code map.input.bytes} and writes {@code map.output.bytes}; a reduce task reads what it
 * shuffled ({@code reduce.shuffle.bytes}) and writes {@code reduce.output.bytes}.
 */
record TaskBytes(long bytesIn, long bytesOut, long recordsIn, long recordsOut) {

    static TaskBytes of(TaskSummary t) {
        Map<String, Long> c = t.counters();
        String w = t.task().kind().word() + ".";
        long in = c.containsKey(w + "input.bytes") ? c.get(w + "input.bytes") : c.getOrDefault(w + "shuffle.bytes", 0L);
        return new TaskBytes(
                in,
                c.getOrDefault(w + "output.bytes", 0L),
                c.getOrDefault(w + "input.records", 0L),
                c.getOrDefault(w + "output.records", 0L));
    }
}
