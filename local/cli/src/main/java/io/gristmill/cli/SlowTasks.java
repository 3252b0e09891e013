package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Durations;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The task of the running phase that has run longest, read from its task items: what a user needs to
 * see when a job seems stuck ("mapping · maps 0/1" for ten minutes says nothing). A task is slow once
 * its attempt has run {@link #MIN_MILLIS} and three times as long as its finished peers took.
 */
final class SlowTasks {
    static final long MIN_MILLIS = 30_000;
    static final int FACTOR = 3;
    /** Reading every task item of a huge phase is not worth a progress line. */
    static final int MAX_TASKS_READ = 2000;

    /** A running task, how long its current attempt has run, and how long its finished peers took. */
    record Running(String task, String input, int delivery, long runningMillis, Long peersMillis) {
        boolean slow() {
            return runningMillis >= MIN_MILLIS && (peersMillis == null || runningMillis >= FACTOR * peersMillis);
        }

        /** {@code m-00003 has run 2 min 05 s on books/a.txt bytes 0-65536 (finished maps took 1.2 s)}. */
        String describe() {
            String kind = task.startsWith("m-") ? "maps" : "reduces";
            return task + " has run " + Durations.format(runningMillis)
                    + (input == null ? "" : " on " + input)
                    + (delivery > 1 ? " (attempt " + delivery + ")" : "")
                    + (peersMillis == null
                            ? ""
                            : " (finished " + kind + " took " + Durations.format(peersMillis) + ")");
        }
    }

    private SlowTasks() {}

    /** The longest-running task of the job's current phase, if one is running. */
    static Optional<Running> longest(JobClient client, JobRecord job, long now) {
        TaskKind kind;
        int count;
        if (job.status() == JobStatus.MAPPING) {
            kind = TaskKind.MAP;
            count = job.maps();
        } else if (job.status() == JobStatus.REDUCING) {
            kind = TaskKind.REDUCE;
            count = job.reducers();
        } else {
            return Optional.empty();
        }
        if (count > MAX_TASKS_READ) return Optional.empty();
        List<TaskRecord> tasks;
        try {
            tasks = client.table().tasks(job.jobId(), kind);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a progress line is not worth failing for
        }
        List<Long> finished = new ArrayList<>();
        Running longest = null;
        for (TaskRecord t : tasks) {
            List<Attempt> attempts = t.attempts();
            if (attempts.isEmpty()) continue;
            if (t.done()) {
                attempts.stream()
                        .filter(a -> a.outcome() == Outcome.COMMITTED && a.end() != null)
                        .findFirst()
                        .ifPresent(a -> finished.add(a.end() - a.start()));
                continue;
            }
            Attempt last = attempts.get(attempts.size() - 1);
            if (last.outcome() != Outcome.RUNNING) continue;
            long running = now - last.start();
            if (longest == null || running > longest.runningMillis()) {
                longest = new Running(t.task().toString(), t.input(), last.delivery(), running, null);
            }
        }
        if (longest == null) return Optional.empty();
        finished.sort(null);
        Long median = finished.isEmpty() ? null : finished.get(finished.size() / 2);
        return Optional.of(
                new Running(longest.task(), longest.input(), longest.delivery(), longest.runningMillis(), median));
    }
}
