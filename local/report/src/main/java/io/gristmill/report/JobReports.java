package io.gristmill.report;

import io.gristmill.protocol.Keys;
import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.cloud.ObjectStore;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.PipelineSummary;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The summary a report shows, read from a stack through the protocol's own interfaces (so it works on
 * AWS, on the local cloud and in memory alike):
 *
 * <ul>
 *   <li>a finished job: the {@code _JOB.json} it wrote as it ended, with the ends of attempts that
 *       reported back after it (a straggler still running when its backup won ends later, as
 *       superseded); built from the table if the file is not there;
 *   <li>a job still running: built from the table now, as {@code _JOB.json} would be, keeping each
 *       attempt as the table has it (running, not yet lost).
 * </ul>
 */
public final class JobReports {
    /** A pipeline's summary, next to its stages' outputs. */
    public static final String PIPELINE_SUMMARY = "_PIPELINE.json";

    private final JobTable table;
    private final ObjectStore objects;

    public JobReports(JobTable table, ObjectStore objects) {
        this.table = table;
        this.objects = objects;
    }

    /** The job's summary, or empty when the table has no such job. */
    public Optional<JobSummary> summary(String jobId, long now) throws IOException {
        Optional<JobRecord> job = table.job(jobId);
        if (job.isEmpty()) return Optional.empty();
        return Optional.of(summary(job.get(), now));
    }

    public JobSummary summary(JobRecord job, long now) throws IOException {
        if (!job.status().finished()) return live(job, now);
        Optional<JobSummary> written = written(job);
        if (written.isPresent()) return withLateEnds(written.get());
        long end = job.finishedAt() != null ? job.finishedAt() : now;
        return fromTable(job, job.status(), job.error(), end).summary();
    }

    /** The report of a job as it stands, with its pipeline's summary when it is a finished pipeline's stage. */
    public Optional<String> html(String jobId, ReportOptions options) throws IOException {
        Optional<JobRecord> job = table.job(jobId);
        if (job.isEmpty()) return Optional.empty();
        JobSummary summary = summary(job.get(), options.generatedAt());
        return Optional.of(JobReport.html(summary, pipeline(job.get()), options));
    }

    /**
     * {@code _JOB.json} of this job: at its output prefix, or at the default prefix where a job that
     * found its output occupied writes it (the occupant's own summary is not this job's).
     */
    Optional<JobSummary> written(JobRecord job) throws IOException {
        for (String prefix : List.of(job.outputPrefix(), Keys.defaultOutput(job.jobId()))) {
            Optional<String> text = objects.getText(Keys.summary(prefix));
            if (text.isEmpty()) continue;
            JobSummary s = JobSummary.fromJson(text.get());
            if (s.job().equals(job.jobId())) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** A summary of a running job, made from the table at {@code now}. */
    JobSummary live(JobRecord job, long now) throws IOException {
        Built built = fromTable(job, job.status(), null, now);
        // As the table has them: an attempt without an end is running, or died without a word; the
        // report tells which it can from the task's later attempts.
        Map<String, TaskRecord> raw = new HashMap<>();
        for (TaskRecord t : built.records()) raw.put(t.task().toString(), t);
        List<TaskSummary> tasks = new ArrayList<>(built.summary().tasks().size());
        for (TaskSummary t : built.summary().tasks()) {
            TaskRecord r = raw.get(t.task().toString());
            tasks.add(r == null ? t : withAttempts(t, r.attempts()));
        }
        return withTasks(built.summary(), tasks);
    }

    private record Built(JobSummary summary, List<TaskRecord> records) {}

    private Built fromTable(JobRecord job, JobStatus status, String error, long at) throws IOException {
        List<TaskRecord> maps = table.tasks(job.jobId(), TaskKind.MAP);
        // Every other kind after the maps, in the order of the job's phases.
        List<TaskRecord> rest = new ArrayList<>();
        for (TaskKind k : TaskKind.values()) if (k != TaskKind.MAP) rest.addAll(table.tasks(job.jobId(), k));
        JobSummary s = JobSummary.of(job, objects.uri(job.outputPrefix()), maps, rest, status, error, at);
        List<TaskRecord> all = new ArrayList<>(maps);
        all.addAll(rest);
        return new Built(s, all);
    }

    /**
     * The summary with the ends that lost attempts recorded after it was written: a straggler whose
     * backup committed first keeps running, and records itself superseded when it finishes.
     */
    JobSummary withLateEnds(JobSummary s) throws IOException {
        Set<TaskKind> kinds = EnumSet.noneOf(TaskKind.class);
        for (TaskSummary t : s.tasks()) {
            for (Attempt a : t.attempts()) {
                if (a.outcome() == Outcome.LOST && a.end() == null)
                    kinds.add(t.task().kind());
            }
        }
        if (kinds.isEmpty()) return s;
        Map<String, Attempt> ended = new HashMap<>();
        for (TaskKind k : kinds) {
            for (TaskRecord t : table.tasks(s.job(), k)) {
                for (Attempt a : t.attempts()) {
                    if (a.end() != null && a.outcome() != Outcome.RUNNING) ended.put(t.task() + "/" + a.id(), a);
                }
            }
        }
        if (ended.isEmpty()) return s;
        List<TaskSummary> tasks = new ArrayList<>(s.tasks().size());
        for (TaskSummary t : s.tasks()) {
            List<Attempt> attempts = new ArrayList<>(t.attempts().size());
            boolean changed = false;
            for (Attempt a : t.attempts()) {
                Attempt late =
                        a.outcome() == Outcome.LOST && a.end() == null ? ended.get(t.task() + "/" + a.id()) : null;
                attempts.add(late != null ? late : a);
                changed |= late != null;
            }
            tasks.add(changed ? withAttempts(t, attempts) : t);
        }
        return withTasks(s, tasks);
    }

    /** The summary of the pipeline a job is a stage of, once that pipeline has written it. */
    public Optional<PipelineSummary> pipeline(JobRecord job) throws IOException {
        if (job.stage().isEmpty()) return Optional.empty();
        Optional<PipelineRecord> p = table.pipeline(job.stage().get().pipelineId());
        if (p.isEmpty()) return Optional.empty();
        return objects.getText(p.get().outputPrefix() + PIPELINE_SUMMARY).map(PipelineSummary::fromJson);
    }

    private static TaskSummary withAttempts(TaskSummary t, List<Attempt> attempts) {
        return new TaskSummary(
                t.task(), t.input(), t.status(), t.committed(), t.lastError(), List.copyOf(attempts), t.counters());
    }

    private static JobSummary withTasks(JobSummary s, List<TaskSummary> tasks) {
        return new JobSummary(
                s.job(),
                s.name(),
                s.status(),
                s.error(),
                s.trigger(),
                s.output(),
                s.created(),
                s.mapsFinished(),
                s.finished(),
                s.maps(),
                s.reducers(),
                s.attempts(),
                s.counters(),
                s.skipped(),
                s.spec(),
                tasks,
                s.tasksOmitted());
    }
}
