package io.gristmill.protocol.memory;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.protocol.cloud.DoneTree;
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
    /** Durations kept per phase for the median: the first tasks by index (the first done set's), as in DynamoDB. */
    static final int DURATION_SAMPLE = DoneTree.FANOUT;

    private static final class Job {
        String jobId, name, spec, trigger, output, error, lastError;
        JobStatus status;
        long createdAt;
        Long mapsEndedAt, finishedAt, expiresAt;
        int maps = -1, reducers = -1;
        boolean reducesQueued, mergesQueued;
        /** The sets of each phase's DoneTree, by kind, level and node. */
        final Map<String, Set<Integer>> done = new HashMap<>();

        final Map<TaskKind, List<Long>> times = new HashMap<>();

        int doneCount(TaskKind kind) {
            int n = 0;
            for (var e : done.entrySet()) {
                if (e.getKey().startsWith(kind.name() + "#0#"))
                    n += e.getValue().size();
            }
            return n;
        }

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
                j.doneCount(TaskKind.MAP),
                j.doneCount(TaskKind.REDUCE),
                j.reducesQueued,
                j.error,
                j.lastError,
                j.doneCount(TaskKind.MERGE),
                j.mergesQueued,
                Optional.ofNullable(j.stage),
                j.counters);
    }

    /** The job's item, and its committed tasks counted from its done sets: a GetItem and a Query. */
    @Override
    public synchronized Optional<JobRecord> job(String jobId) {
        count("GetItem");
        Job j = jobs.get(jobId);
        if (j != null) count("Query");
        return Optional.ofNullable(j).map(this::record);
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

    /** As DynamoDB does: one UpdateItem per set of the DoneTree that the task reaches. */
    @Override
    public synchronized boolean markDone(String jobId, TaskId task, int phaseSize, long now, Long durationMillis) {
        Job j = existing(jobId);
        int index = task.index();
        for (int level = 0; ; level++) {
            count("UpdateItem");
            int node = index / DoneTree.FANOUT;
            Set<Integer> set =
                    j.done.computeIfAbsent(task.kind().name() + "#" + level + "#" + node, k -> new TreeSet<>());
            set.add(index);
            if (level == 0
                    && durationMillis != null
                    && task.index() < DURATION_SAMPLE
                    && set.size() <= DURATION_SAMPLE) {
                j.times.computeIfAbsent(task.kind(), k -> new ArrayList<>()).add(durationMillis);
            }
            if (set.size() < DoneTree.children(phaseSize, level, node)) return false;
            if (DoneTree.isRoot(phaseSize, level)) return true;
            index = node;
        }
    }

    @Override
    public synchronized OptionalLong phaseMedian(String jobId, TaskKind kind) {
        count("GetItem");
        Job j = jobs.get(jobId);
        List<Long> times = j == null ? List.of() : new ArrayList<>(j.times.getOrDefault(kind, List.of()));
        if (times.isEmpty()) return OptionalLong.empty();
        times.sort(null);
        return OptionalLong.of(times.get(times.size() / 2));
    }

    @Override
    public synchronized boolean startMergePhase(String jobId, long now) {
        count("UpdateItem");
        Job j = jobs.get(jobId);
        if (j == null || (j.status != JobStatus.PLANNING && j.status != JobStatus.MAPPING)) return false;
        j.status = JobStatus.MERGING;
        return true;
    }

    @Override
    public synchronized void markMergesQueued(String jobId, long now) {
        count("UpdateItem");
        existing(jobId).mergesQueued = true;
    }

    @Override
    public synchronized boolean startReducePhase(String jobId, long now) {
        count("UpdateItem");
        Job j = jobs.get(jobId);
        if (j == null
                || (j.status != JobStatus.PLANNING && j.status != JobStatus.MAPPING && j.status != JobStatus.MERGING))
            return false;
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
        List<JobRecord> out = jobs.values().stream()
                .filter(j -> j.expiresAt == null || j.expiresAt >= now)
                .sorted(Comparator.comparingLong((Job j) -> j.createdAt)
                        .thenComparing(j -> j.jobId)
                        .reversed())
                .limit(limit)
                .map(this::record)
                .toList();
        for (JobRecord j : out) if (j.status() != JobStatus.SUCCEEDED) count("Query"); // its done sets, as DynamoDB
        return out;
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

    /** Counted as DynamoDB's Query is: one request per page of 1 MB of items. */
    @Override
    public synchronized List<TaskRecord> tasks(String jobId, TaskKind kind) {
        List<TaskRecord> out = new ArrayList<>();
        long bytes = 0;
        for (var e : tasks.getOrDefault(jobId, new TreeMap<>()).entrySet()) {
            if (e.getKey().kind() != kind) continue;
            out.add(record(jobId, e.getKey(), e.getValue()));
            bytes += itemBytes(e.getValue());
        }
        for (long page = 0; page == 0 || page * QUERY_PAGE < bytes; page++) count("Query");
        return out;
    }

    static final long QUERY_PAGE = 1 << 20;

    /** About what a task's item weighs in DynamoDB (names and values), for counting Query pages. */
    static long itemBytes(Task t) {
        long b = 120 + (t.input == null ? 0 : t.input.length()) + 90L * t.attempts.size();
        if (t.runIndex != null) b += t.runIndex.length + 10;
        for (String k : t.counters.keySet()) b += k.length() + 8;
        return b;
    }
}
