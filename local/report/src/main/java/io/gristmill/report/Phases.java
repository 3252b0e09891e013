package io.gristmill.report;

import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.report.Runs.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's phases as its tasks ran them: each kind of task (map, then reduce) from its first attempt's
 * start to its last task's commit, or to now while a task of the kind still runs.
 */
final class Phases {
    private Phases() {}

    record Phase(TaskKind kind, long start, long end, int tasks, int done) {
        String name() {
            return kind.word();
        }
    }

    static List<Phase> of(JobSummary job, List<Run> runs) {
        Map<TaskKind, long[]> spans = new LinkedHashMap<>();
        Map<TaskKind, int[]> counts = new LinkedHashMap<>();
        // Runs come task by task; a task's end is its commit when it has one, else its last run's end.
        Map<Integer, List<Run>> byTask = new LinkedHashMap<>();
        for (Run r : runs)
            byTask.computeIfAbsent(r.taskIndex(), k -> new ArrayList<>()).add(r);
        for (List<Run> taskRuns : byTask.values()) {
            Run first = taskRuns.get(0);
            TaskKind kind = first.task().task().kind();
            Run committed = Runs.committed(taskRuns);
            long start = taskRuns.stream().mapToLong(Run::start).min().orElseThrow();
            long end = committed != null
                    ? committed.end()
                    : taskRuns.stream().mapToLong(Run::end).max().orElseThrow();
            long[] span = spans.computeIfAbsent(kind, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            span[0] = Math.min(span[0], start);
            span[1] = Math.max(span[1], end);
            int[] c = counts.computeIfAbsent(kind, k -> new int[2]);
            c[0]++;
            if (committed != null) c[1]++;
        }
        List<Phase> phases = new ArrayList<>();
        for (TaskKind kind : TaskKind.values()) {
            long[] span = spans.get(kind);
            if (span == null) continue;
            long end = span[1];
            // The table's own record of the map phase's end, when it has one, is the phase change itself.
            if (kind == TaskKind.MAP && job.mapsFinished() != null) end = Math.max(job.mapsFinished(), span[0]);
            int[] c = counts.get(kind);
            phases.add(new Phase(kind, span[0], end, c[0], c[1]));
        }
        return phases;
    }
}
