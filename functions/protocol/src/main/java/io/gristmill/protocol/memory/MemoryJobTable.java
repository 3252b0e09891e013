package io.gristmill.protocol.memory;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.CommitRecord;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.PipelineStatus;
import io.gristmill.protocol.state.StageRef;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskRecord;
import io.gristmill.protocol.state.TaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job table in memory, with the same conditions as the DynamoDB one: each method is one atomic
 * step (one DynamoDB request), and counts itself under DynamoDB's operation name.
 */
public final class MemoryJobTable implements JobTable {
    /** Durations kept per phase for the median: the first tasks by index, as in DynamoDB. */
    static final int DURATION_SAMPLE = 512;

    private static final class Job {
        String jobId, name, spec, trigger, output, error, lastError;
        JobStatus status;
        long createdAt;
        Long mapsEndedAt, finishedAt, expiresAt;
        int maps = -1, reducers = -1;
        boolean reducesQueued;
        final Set<Integer> mapsDone = new TreeSet<>(), reducesDone = new TreeSet<>();
        final List<Long> mapTimes = new ArrayList<>(), reduceTimes = new ArrayList<>();
        StageRef stage;
        Map<String, Long> counters = Map.of();
    }

    private static final class Pipe {
        String id, name, definition, trigger, output, error;
        PipelineStatus status = PipelineStatus.RUNNING;
        long createdAt;
        Long finishedAt, expiresAt;
        final Map<Integer, String> results = new TreeMap<>();
    }

    private static final class Task {
        TaskStatus status = TaskStatus.RUNNING;
        final List<Attempt> attempts = new ArrayList<>();
        String committed, input, lastError;
        byte[] runIndex;
        Map<String, Long> counters = Map.of();
        List<String> skipped = List.of();
    }

    private final long retentionMillis;
    private final Map<String, Job> jobs = new HashMap<>();
    private final Map<String, TreeMap<TaskId, Task>> tasks = new HashMap<>();
    private final Map<String, String[]> triggers = new HashMap<>();
    private final Map<String, Pipe> pipelines = new HashMap<>();
    private final Map<String, AtomicLong> requests = new TreeMap<>();

    public MemoryJobTable(int retentionDays) {
        this.retentionMillis = retentionDays * 86_400_000L;
    }

    private void count(String operation) {
        requests.computeIfAbsent("DynamoDb." + operation, k -> new AtomicLong()).incrementAndGet();
    }

    /** Requests so far, by operation ({@code DynamoDB.UpdateItem}...). */
    public synchronized Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public synchronized boolean claimTrigger(String bucket, String key, String sequencer, String jobId, long now) {
        count("UpdateItem");
        String id = bucket + "/" + key;
        String[] seen = triggers.get(id);
        if (seen != null && seen[0].compareTo(sequencer) > 0) return false;
        if (seen != null && seen[0].equals(sequencer) && !seen[1].equals(jobId)) return false;
        triggers.put(id, new String[] {sequencer, jobId});
        return true;
    }

    @Override
    public synchronized Optional<String> triggeredJob(String bucket, String key) {
        count("GetItem");
        String[] seen = triggers.get(bucket + "/" + key);
        return seen == null ? Optional.empty() : Optional.of(seen[1]);
    }

    @Override
    public synchronized boolean createJob(NewJob job, long now) {
        count("PutItem");
        if (jobs.containsKey(job.jobId())) return false;
        Job j = new Job();
        j.jobId = job.jobId();
        j.name = job.name();
        j.status = JobStatus.PLANNING;
        j.spec = job.specJson().orElse(null);
        j.trigger = job.trigger();
        j.output = job.output();
        j.createdAt = now;
        j.stage = job.stage().orElse(null);
        jobs.put(j.jobId, j);
        return true;
    }

    private JobRecord record(Job j) {
        return new JobRecord(
                j.jobId,
                j.name,
                j.status,
                Optional.ofNullable(j.spec).map(JobSpec::fromJson),
                j.trigger,
                j.output,
                j.createdAt,
                j.mapsEndedAt,
                j.finishedAt,
                j.maps,
                j.reducers,
                j.mapsDone.size(),
                j.reducesDone.size(),
                j.reducesQueued,
                j.error,
                j.lastError,
                Optional.ofNullable(j.stage),
                j.counters);
    }

    @Override
    public synchronized Optional<JobRecord> job(String jobId) {
        count("GetItem");
        return Optional.ofNullable(jobs.get(jobId)).map(this::record);
    }

    @Override
    public synchronized Optional<JobStatus> jobStatus(String jobId) {
        count("GetItem");
        return Optional.ofNullable(jobs.get(jobId)).map(j -> j.status);
    }

    private Job existing(String jobId) {
        Job j = jobs.get(jobId);
        if (j == null) throw new IllegalStateException("ConditionalCheckFailed: no job " + jobId);
        return j;
    }

    @Override
    public synchronized boolean startMapPhase(String jobId, int maps, int reducers, String specJson, long now) {
        count("UpdateItem");
        Job j = jobs.get(jobId);
        if (j == null || j.status != JobStatus.PLANNING) return false;
        j.status = JobStatus.MAPPING;
        j.maps = maps;
        j.reducers = reducers;
        j.spec = specJson;
        return true;
    }

    @Override
    public synchronized int markDone(String jobId, TaskId task, long now, Long durationMillis) {
        count("UpdateItem");
        Job j = existing(jobId);
        boolean map = task.kind() == TaskKind.MAP;
        (map ? j.mapsDone : j.reducesDone).add(task.index());
        if (durationMillis != null && task.index() < DURATION_SAMPLE)
            (map ? j.mapTimes : j.reduceTimes).add(durationMillis);
        return (map ? j.mapsDone : j.reducesDone).size();
    }

    @Override
    public synchronized OptionalLong phaseMedian(String jobId, TaskKind kind) {
        count("GetItem");
        Job j = jobs.get(jobId);
        List<Long> times = j == null ? List.of() : new ArrayList<>(kind == TaskKind.MAP ? j.mapTimes : j.reduceTimes);
        if (times.isEmpty()) return OptionalLong.empty();
        times.sort(null);
        return OptionalLong.of(times.get(times.size() / 2));
    }

    @Override
    public synchronized boolean startReducePhase(String jobId, long now) {
        count("UpdateItem");
        Job j = jobs.get(jobId);
        if (j == null || (j.status != JobStatus.PLANNING && j.status != JobStatus.MAPPING)) return false;
        j.status = JobStatus.REDUCING;
        j.mapsEndedAt = now;
        return true;
    }

    @Override
    public synchronized void markReducesQueued(String jobId, long now) {
        count("UpdateItem");
        existing(jobId).reducesQueued = true;
    }

    @Override
    public synchronized boolean succeed(String jobId, Map<String, Long> counters, long now) {
        count("UpdateItem");
        Job j = jobs.get(jobId);
        if (j == null || j.status != JobStatus.REDUCING) return false;
        j.status = JobStatus.SUCCEEDED;
        j.counters = new TreeMap<>(counters);
        j.finishedAt = now;
        j.expiresAt = now + retentionMillis;
        return true;
    }

    @Override
    public synchronized boolean fail(String jobId, String error, long now) {
        count("UpdateItem");
        Job j = jobs.get(jobId);
        if (j == null || j.status.finished()) return false;
        j.status = JobStatus.FAILED;
        j.error = error;
        j.finishedAt = now;
        j.expiresAt = now + retentionMillis;
        return true;
    }

    @Override
    public synchronized void setLastError(String jobId, String error, long now) {
        count("UpdateItem");
        existing(jobId).lastError = error;
    }

    @Override
    public synchronized List<JobRecord> recentJobs(int limit, long now) {
        count("Query");
        return jobs.values().stream()
                .filter(j -> j.expiresAt == null || j.expiresAt >= now)
                .sorted(Comparator.comparingLong((Job j) -> j.createdAt)
                        .thenComparing(j -> j.jobId)
                        .reversed())
                .limit(limit)
                .map(this::record)
                .toList();
    }

    @Override
    public synchronized boolean createPipeline(NewPipeline p, long now) {
        count("PutItem");
        if (pipelines.containsKey(p.pipelineId())) return false;
        Pipe pipe = new Pipe();
        pipe.id = p.pipelineId();
        pipe.name = p.name();
        pipe.definition = p.definitionJson().orElse(null);
        pipe.trigger = p.trigger();
        pipe.output = p.output();
        pipe.createdAt = now;
        pipelines.put(pipe.id, pipe);
        return true;
    }

    private PipelineRecord record(Pipe p) {
        return new PipelineRecord(
                p.id,
                p.name,
                p.status,
                Optional.ofNullable(p.definition).map(PipelineRecord::definition),
                p.trigger,
                p.output,
                p.createdAt,
                p.finishedAt,
                Map.copyOf(p.results),
                p.error);
    }

    @Override
    public synchronized Optional<PipelineRecord> pipeline(String pipelineId) {
        count("GetItem");
        return Optional.ofNullable(pipelines.get(pipelineId)).map(this::record);
    }

    @Override
    public synchronized void recordStageResult(String pipelineId, int stage, String outputPrefix, long now) {
        count("UpdateItem");
        Pipe p = pipelines.get(pipelineId);
        if (p == null) throw new IllegalStateException("ConditionalCheckFailed: no pipeline " + pipelineId);
        p.results.put(stage, outputPrefix);
    }

    @Override
    public synchronized boolean finishPipeline(String pipelineId, PipelineStatus status, String error, long now) {
        count("UpdateItem");
        Pipe p = pipelines.get(pipelineId);
        if (p == null || p.status.finished()) return false;
        p.status = status;
        p.error = error;
        p.finishedAt = now;
        p.expiresAt = now + retentionMillis;
        return true;
    }

    @Override
    public synchronized List<PipelineRecord> recentPipelines(int limit, long now) {
        count("Query");
        return pipelines.values().stream()
                .filter(p -> p.expiresAt == null || p.expiresAt >= now)
                .sorted(Comparator.comparingLong((Pipe p) -> p.createdAt)
                        .thenComparing(p -> p.id)
                        .reversed())
                .limit(limit)
                .map(this::record)
                .toList();
    }

    @Override
    public synchronized Optional<Integer> startAttempt(
            String jobId, TaskId task, Attempt attempt, String input, long now) {
        count("UpdateItem");
        Task t = tasks.computeIfAbsent(
                        jobId,
                        k -> new TreeMap<>(Comparator.comparing(TaskId::kind).thenComparingInt(TaskId::index)))
                .computeIfAbsent(task, k -> new Task());
        if (t.status == TaskStatus.DONE) return Optional.empty();
        t.attempts.add(attempt);
        t.input = input;
        return Optional.of(t.attempts.size() - 1);
    }

    private Task task(String jobId, TaskId task, String why) {
        Task t = tasks.getOrDefault(jobId, new TreeMap<>()).get(task);
        if (t == null) throw new IllegalStateException(why + ": no task " + task + " of " + jobId);
        return t;
    }

    @Override
    public synchronized boolean recordCommit(
            String jobId, TaskId task, int slot, Outcome outcome, CommitRecord committed, byte[] runIndex, long now) {
        count("UpdateItem");
        Task t = task(jobId, task, "recordCommit");
        if (t.status == TaskStatus.DONE) return false;
        t.status = TaskStatus.DONE;
        t.committed = committed.attempt();
        t.counters = new TreeMap<>(committed.counters().orElse(Map.of()));
        List<String> skipped = committed.skipped().orElse(List.of());
        if (!skipped.isEmpty()) t.skipped = List.copyOf(skipped);
        if (runIndex != null) t.runIndex = runIndex.clone();
        t.attempts.set(slot, t.attempts.get(slot).ended(now, outcome, null));
        return true;
    }

    @Override
    public synchronized void recordOutcome(
            String jobId, TaskId task, int slot, Outcome outcome, String error, long now) {
        count("UpdateItem");
        Task t = task(jobId, task, "recordOutcome");
        t.attempts.set(slot, t.attempts.get(slot).ended(now, outcome, error));
        if (error != null) t.lastError = error;
    }

    private TaskRecord record(String jobId, TaskId id, Task t) {
        return new TaskRecord(
                jobId,
                id,
                t.status,
                List.copyOf(t.attempts),
                t.committed,
                t.runIndex == null ? null : t.runIndex.clone(),
                t.counters,
                t.skipped,
                t.input,
                t.lastError);
    }

    @Override
    public synchronized Optional<TaskRecord> task(String jobId, TaskId task) {
        count("GetItem");
        Task t = tasks.getOrDefault(jobId, new TreeMap<>()).get(task);
        return t == null ? Optional.empty() : Optional.of(record(jobId, task, t));
    }

    @Override
    public synchronized List<TaskRecord> tasks(String jobId, TaskKind kind) {
        count("Query");
        List<TaskRecord> out = new ArrayList<>();
        tasks.getOrDefault(jobId, new TreeMap<>()).forEach((id, t) -> {
            if (id.kind() == kind) out.add(record(jobId, id, t));
        });
        return out;
    }
}
