package io.gristmill.protocol.state;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import io.gristmill.engine.task.Counters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code _JOB.json}: what a job did, written next to its output when it ends, and read back by
 * {@code grist}, the benchmark and the tests. Counters are summed over the committed attempt of each
 * task only, so re-executed and backup attempts never count twice.
 *
 * @param output the output prefix as an {@code s3://} URI
 * @param error why the job failed; null when it succeeded
 * @param spec the job's spec; empty for a job that failed before it had one
 * @param tasksOmitted tasks left out of {@code tasks}: a job of more than {@link #MAX_LISTED_TASKS}
 *     lists only the tasks that did not commit at their first attempt (the file would otherwise grow
 *     to hundreds of MB for a million tasks)
 */
public record JobSummary(
        String job,
        String name,
        JobStatus status,
        String error,
        String trigger,
        String output,
        long created,
        Long mapsFinished,
        long finished,
        int maps,
        int reducers,
        int attempts,
        Map<String, Long> counters,
        List<String> skipped,
        Optional<JobSpec> spec,
        List<TaskSummary> tasks,
        int tasksOmitted) {

    /** Jobs with more tasks than this list only their notable tasks. */
    public static final int MAX_LISTED_TASKS = 20_000;

    /**
     * One task and all its attempts. An attempt that never reported back is {@link Outcome#LOST}, with
     * the reason where it is known ({@link Fates}): it crashed, ran out of memory, timed out, or was
     * still running (a straggler) when the job ended.
     *
     * @param counters the committed attempt's counters (empty until the task is DONE): with the
     *     attempts' times, what a report needs to draw the job's input, shuffle and output rates
     */
    public record TaskSummary(
            TaskId task,
            String input,
            TaskStatus status,
            String committed,
            String lastError,
            List<Attempt> attempts,
            Map<String, Long> counters) {}

    /** Seconds from the job's creation to its end. */
    public double seconds() {
        return (finished - created) / 1000.0;
    }

    /** A counter summed over the job's committed tasks (0 when absent). */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    public static JobSummary of(
            JobRecord job,
            String outputUri,
            List<TaskRecord> maps,
            List<TaskRecord> reduces,
            JobStatus status,
            String error,
            long finishedAt) {
        Builder b = builder(job, maps.size() + reduces.size());
        maps.forEach(b::add);
        reduces.forEach(b::add);
        return b.build(outputUri, status, error, finishedAt);
    }

    /** A summary built one task at a time (a reader of a million tasks holds only what it lists). */
    public static Builder builder(JobRecord job, long expectedTasks) {
        return new Builder(job, expectedTasks > MAX_LISTED_TASKS);
    }

    public static final class Builder {
        private final JobRecord job;
        private final boolean notableOnly;
        private final Map<String, Long> counters = new TreeMap<>();
        private final List<String> skipped = new ArrayList<>();
        private final List<TaskSummary> tasks = new ArrayList<>();
        private int attempts;
        private int omitted;

        private Builder(JobRecord job, boolean notableOnly) {
            this.job = job;
            this.notableOnly = notableOnly;
        }

        public void add(TaskRecord t) {
            attempts += t.attempts().size();
            if (t.done()) {
                Counters.addTo(counters, t.counters());
                for (String s : t.skipped()) {
                    if (skipped.size() < MAX_LISTED_TASKS) skipped.add(t.task() + " " + s);
                }
            }
            boolean plain = t.done() && t.attempts().size() == 1 && t.lastError() == null;
            if (notableOnly && plain) {
                omitted++;
                return;
            }
            // The summary is written as the job ends: an attempt that never reported back is lost.
            List<Attempt> shown = Fates.settle(t, job.spec());
            tasks.add(new TaskSummary(
                    t.task(),
                    t.input(),
                    t.status(),
                    t.committed(),
                    t.lastError(),
                    shown,
                    t.done() ? new TreeMap<>(t.counters()) : Map.of()));
        }

        public JobSummary build(String outputUri, JobStatus status, String error, long finishedAt) {
            int reducers = job.spec().map(JobSpec::reducers).orElse(Math.max(job.reducers(), 0));
            return new JobSummary(
                    job.jobId(),
                    job.name(),
                    status,
                    error,
                    job.trigger(),
                    outputUri,
                    job.createdAt(),
                    job.mapsEndedAt(),
                    finishedAt,
                    Math.max(job.maps(), 0),
                    reducers,
                    attempts,
                    counters,
                    skipped,
                    job.spec(),
                    tasks,
                    omitted);
        }
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", job);
        m.put("name", name);
        m.put("status", status.name());
        if (error != null) m.put("error", error);
        m.put("trigger", trigger);
        m.put("output", output);
        m.put("created", Times.iso(created));
        if (mapsFinished != null) m.put("mapsFinished", Times.iso(mapsFinished));
        m.put("finished", Times.iso(finished));
        m.put("seconds", seconds());
        m.put("maps", maps);
        m.put("reducers", reducers);
        m.put("attempts", attempts);
        m.put("counters", counters);
        if (!skipped.isEmpty()) m.put("skipped", skipped);
        spec.ifPresent(s -> m.put("spec", s.toMap()));
        List<Object> ts = new ArrayList<>();
        for (TaskSummary t : tasks) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("task", t.task().toString());
            if (t.input() != null) tm.put("input", t.input());
            tm.put("status", t.status().name());
            if (t.committed() != null) tm.put("committed", t.committed());
            if (t.lastError() != null) tm.put("lastError", t.lastError());
            List<Object> as = new ArrayList<>();
            for (Attempt a : t.attempts()) {
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("id", a.id());
                am.put("delivery", a.delivery());
                am.put("worker", a.worker());
                am.put("start", Times.iso(a.start()));
                if (a.end() != null) {
                    am.put("end", Times.iso(a.end()));
                    am.put("seconds", (a.end() - a.start()) / 1000.0);
                }
                am.put("outcome", a.outcome().word());
                if (a.error() != null) am.put("error", a.error());
                as.add(am);
            }
            tm.put("attempts", as);
            if (!t.counters().isEmpty()) tm.put("counters", t.counters());
            ts.add(tm);
        }
        m.put("tasks", ts);
        if (tasksOmitted > 0) m.put("tasksOmitted", tasksOmitted);
        return Json.writePretty(m);
    }

    /** Reads {@code _JOB.json}. */
    public static JobSummary fromJson(String json) {
        try {
            JsonMap m = JsonMap.parse(json);
            List<TaskSummary> tasks = new ArrayList<>();
            for (JsonMap t : m.objects("tasks")) {
                List<Attempt> attempts = new ArrayList<>();
                for (JsonMap a : t.objects("attempts")) {
                    attempts.add(new Attempt(
                            a.string("id"),
                            a.integer("delivery"),
                            a.string("worker"),
                            Times.parse(a.string("start")),
                            a.has("end") ? Times.parse(a.string("end")) : null,
                            Outcome.ofWord(a.string("outcome")),
                            a.optString("error")));
                }
                tasks.add(new TaskSummary(
                        TaskId.parse(t.string("task")),
                        t.optString("input"),
                        TaskStatus.valueOf(t.string("status")),
                        t.optString("committed"),
                        t.optString("lastError"),
                        attempts,
                        t.has("counters") ? t.longMap("counters") : Map.of()));
            }
            return new JobSummary(
                    m.string("job"),
                    m.optString("name"),
                    JobStatus.valueOf(m.string("status")),
                    m.optString("error"),
                    m.optString("trigger"),
                    m.string("output"),
                    Times.parse(m.string("created")),
                    m.has("mapsFinished") ? Times.parse(m.string("mapsFinished")) : null,
                    Times.parse(m.string("finished")),
                    m.integer("maps"),
                    m.integer("reducers"),
                    m.integer("attempts"),
                    m.longMap("counters"),
                    m.strings("skipped"),
                    m.optObject("spec").map(JobSpec::fromMap),
                    tasks,
                    m.has("tasksOmitted") ? m.integer("tasksOmitted") : 0);
        } catch (Json.JsonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a job summary (_JOB.json): " + e.getMessage(), e);
        }
    }
}
