package io.gristmill.report;

import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every attempt of a job as the report draws it: from its start to its end, and whether it was a
 * backup or a straggler, derived from the attempts' times alone.
 *
 * <p>A <b>backup</b> is an attempt that started while an earlier attempt of its task was still
 * running: the earlier one (the <b>straggler</b>) had released its lease, or its message was
 * delivered twice. That is known when the earlier attempt's end was recorded after the later one's
 * start. An attempt that never reported back (lost, or still shown as running while its task has a
 * later attempt) has no recorded end: it crashed, or it was still running when the summary was
 * made; it is drawn up to its task's next attempt (or to the summary's time) and marked as such.
 */
final class Runs {
    private Runs() {}

    /**
     * One attempt.
     *
     * @param number its place among its task's attempts, from 1
     * @param end its end, or where its bar stops when {@code endKnown} is false
     * @param last whether it is the last of its task's attempts to start
     */
    record Run(
            int taskIndex,
            TaskSummary task,
            Attempt attempt,
            int number,
            long start,
            long end,
            boolean endKnown,
            boolean backup,
            boolean straggler,
            boolean last) {

        long millis() {
            return end - start;
        }

        /** Still working as far as the summary knows: the last attempt of its task, not ended. */
        boolean running() {
            return attempt.outcome() == Outcome.RUNNING && !endKnown && last;
        }
    }

    /** The runs of every task, in task order and, within a task, in the order they started. */
    static List<Run> of(JobSummary job) {
        long horizon = job.finished();
        List<Run> all = new ArrayList<>();
        for (int t = 0; t < job.tasks().size(); t++) {
            all.addAll(ofTask(t, job.tasks().get(t), horizon));
        }
        return all;
    }

    static List<Run> ofTask(int taskIndex, TaskSummary task, long horizon) {
        List<Attempt> attempts = task.attempts();
        int n = attempts.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(
                order, Comparator.comparingLong(i -> attempts.get(i).start()));
        boolean[] backup = new boolean[n];
        boolean[] straggler = new boolean[n];
        for (int j = 0; j < n; j++) {
            Attempt later = attempts.get(order[j]);
            for (int i = 0; i < j; i++) {
                Attempt earlier = attempts.get(order[i]);
                if (earlier.end() != null && earlier.end() > later.start()) {
                    backup[order[j]] = true;
                    straggler[order[i]] = true;
                }
            }
        }
        List<Run> runs = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int i = order[j];
            Attempt a = attempts.get(i);
            long end;
            if (a.end() != null) {
                end = a.end();
            } else if (j + 1 < n) {
                end = attempts.get(order[j + 1]).start();
            } else {
                end = Math.max(horizon, a.start());
            }
            runs.add(new Run(
                    taskIndex,
                    task,
                    a,
                    i + 1,
                    a.start(),
                    Math.max(end, a.start()),
                    a.end() != null,
                    backup[i],
                    straggler[i],
                    j == n - 1));
        }
        return runs;
    }

    /**
     * The run whose output is its task's: the attempt named as committed, or the one that says it
     * committed. Null for a task that has not committed.
     */
    static Run committed(List<Run> taskRuns) {
        Run named = null;
        for (Run r : taskRuns) {
            if (r.attempt().outcome() == Outcome.COMMITTED) return r;
            if (r.attempt().id().equals(r.task().committed())) named = r;
        }
        return named;
    }
}
