package io.gristmill.sim;

import io.gristmill.protocol.cloud.DoneTree;
import io.gristmill.protocol.cloud.JobTable;
import io.gristmill.protocol.memory.MemoryJobTable;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.CommitRecord;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.PipelineStatus;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.protocol.state.TaskRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The job table, simulated: the in-memory table's semantics and request counts (the same as DynamoDB's,
 * operation by operation), each request taking DynamoDB's latency, and every item and the table limited
 * to DynamoDB's throughput. Capacity units are counted from the items' sizes (1 KB per write unit, 4 KB
 * per strongly consistent read unit), since they, not requests, are what on-demand tables bill, and
 * since a large item (a job's spec with thousands of split points; a map task's partition lengths)
 * costs several.
 */
final class SimTable implements JobTable {
    private final MemoryJobTable table = new MemoryJobTable(30);
    private final VirtualTime time;
    private final AwsModel model;
    private final Requests requests;
    private final RateLimit itemWrites;
    private final RateLimit itemReads;
    private final RateLimit tableWrites;
    private final RateLimit tableReads;
    private final Map<String, Integer> jobBytes = new HashMap<>();
    private final Map<TaskId, Integer> taskBytes = new HashMap<>();
    private double writeUnits;
    private double readUnits;
    /** The job's milestones, as the table saw them (the simulator's own view: nothing is counted). */
    private final Map<String, Long> milestones = new java.util.TreeMap<>();

    private String jobId;
    private JobStatus end;
    private String error;

    SimTable(VirtualTime time, AwsModel model, Requests requests) {
        this.time = time;
        this.model = model;
        this.requests = requests;
        this.itemWrites = new RateLimit(model.itemWritesPerSecond());
        this.itemReads = new RateLimit(model.itemReadsPerSecond());
        this.tableWrites = new RateLimit(model.tableWritesPerSecond());
        this.tableReads = new RateLimit(model.tableReadsPerSecond());
    }

    /** Requests so far by operation, as DynamoDB would count them (throttled retries are in {@link Requests}). */
    Map<String, Long> requests() {
        return table.requests();
    }

    synchronized double writeUnits() {
        return writeUnits;
    }

    synchronized double readUnits() {
        return readUnits;
    }

    synchronized Map<String, Long> milestones() {
        return new java.util.TreeMap<>(milestones);
    }

    synchronized String jobId() {
        return jobId;
    }

    synchronized String error() {
        return error;
    }

    /** SUCCEEDED or FAILED once the job ended; null before. */
    synchronized JobStatus end() {
        return end;
    }

    private synchronized void milestone(String what, boolean happened, long at) {
        if (happened) milestones.putIfAbsent(what, at);
    }

    synchronized long throttled() {
        return itemWrites.throttled() + itemReads.throttled() + tableWrites.throttled() + tableReads.throttled();
    }

    /**
     * Runs one method of the table and charges its requests: their latency, their capacity units on the
     * item and on the table, and any throttling (retried, and waited for).
     */
    private <T> T call(String item, boolean write, int itemBytes, Supplier<T> op) {
        Map<String, Long> before = table.requests();
        T result;
        synchronized (table) {
            result = op.get();
        }
        Map<String, Long> after = table.requests();
        long millis = 0;
        long delay = 0;
        for (var e : after.entrySet()) {
            long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (n <= 0) continue;
            boolean writes = e.getKey().endsWith("Item") && !e.getKey().endsWith("GetItem");
            // A Query's pages together read the items once; each other request reads or writes the item.
            double units = e.getKey().endsWith("Query")
                    ? Math.ceil(itemBytes / 4096.0)
                    : n * (writes ? Math.ceil(itemBytes / 1024.0) : Math.ceil(itemBytes / 4096.0));
            millis += n * (writes ? model.dynamoWriteMillis() : model.dynamoReadMillis());
            RateLimit.Admission onItem =
                    (writes ? itemWrites : itemReads).admit(item, units, time.now(), n * model.dynamoWriteMillis());
            RateLimit.Admission onTable = (writes ? tableWrites : tableReads)
                    .admit("table", units, time.now(), n * model.dynamoWriteMillis());
            long refused = Math.min(n, onItem.throttled() + onTable.throttled());
            requests.throttled(e.getKey(), refused);
            delay = Math.max(delay, Math.max(onItem.delayMillis(), onTable.delayMillis()));
            synchronized (this) {
                if (writes) writeUnits += units;
                else readUnits += units;
            }
        }
        time.sleep(millis + delay);
        return result;
    }

    private void call(String item, boolean write, int itemBytes, Runnable op) {
        call(item, write, itemBytes, () -> {
            op.run();
            return null;
        });
    }

    private synchronized int jobSize(String jobId) {
        return jobBytes.getOrDefault(jobId, 500);
    }

    private synchronized int taskSize(TaskId task) {
        return taskBytes.getOrDefault(task, 300);
    }

    private synchronized void grow(TaskId task, int bytes) {
        taskBytes.merge(task, bytes, Integer::sum);
    }

    @Override
    public boolean claimTrigger(String bucket, String key, String sequencer, String jobId, long now) {
        return call("TRIGGER#" + key, true, 300, () -> table.claimTrigger(bucket, key, sequencer, jobId, now));
    }

    @Override
    public Optional<String> triggeredJob(String bucket, String key) {
        return call("TRIGGER#" + key, false, 300, () -> table.triggeredJob(bucket, key));
    }

    @Override
    public boolean createJob(NewJob job, long now) {
        synchronized (this) {
            jobBytes.put(job.jobId(), 500 + job.specJson().map(String::length).orElse(0));
        }
        boolean created = call(job.jobId(), true, jobSize(job.jobId()), () -> table.createJob(job, now));
        synchronized (this) {
            if (created && jobId == null) jobId = job.jobId();
        }
        milestone("created", created, now);
        return created;
    }

    @Override
    public Optional<JobRecord> job(String jobId) {
        return call(jobId, false, jobSize(jobId), () -> table.job(jobId));
    }

    @Override
    public Optional<JobStatus> jobStatus(String jobId) {
        // A projection is billed by the whole item's size.
        return call(jobId, false, jobSize(jobId), () -> table.jobStatus(jobId));
    }

    @Override
    public boolean startMapPhase(String jobId, int maps, int reducers, String specJson, long now) {
        synchronized (this) {
            jobBytes.put(jobId, 500 + specJson.length());
        }
        boolean changed =
                call(jobId, true, jobSize(jobId), () -> table.startMapPhase(jobId, maps, reducers, specJson, now));
        milestone("mapping", changed, now);
        return changed;
    }

    @Override
    public boolean markDone(String jobId, TaskId task, int phaseSize, long now, Long durationMillis) {
        // A leaf holds up to a thousand numbers, about 5 bytes each, and fills as its tasks commit.
        int leafBytes = 100 + 5 * (task.index() % DoneTree.FANOUT + 1);
        String leaf = jobId + "#DONE#" + task.kind() + "#" + task.index() / DoneTree.FANOUT;
        return call(leaf, true, leafBytes, () -> table.markDone(jobId, task, phaseSize, now, durationMillis));
    }

    @Override
    public OptionalLong phaseMedian(String jobId, TaskKind kind) {
        return call(jobId + "#DONE#" + kind + "#0", false, 5000, () -> table.phaseMedian(jobId, kind));
    }

    @Override
    public boolean startMergePhase(String jobId, long now) {
        boolean changed = call(jobId, true, jobSize(jobId), () -> table.startMergePhase(jobId, now));
        milestone("merging", changed, now);
        return changed;
    }

    @Override
    public void markMergesQueued(String jobId, long now) {
        call(jobId, true, jobSize(jobId), () -> table.markMergesQueued(jobId, now));
    }

    @Override
    public boolean startReducePhase(String jobId, long now) {
        boolean changed = call(jobId, true, jobSize(jobId), () -> table.startReducePhase(jobId, now));
        milestone("reducing", changed, now);
        return changed;
    }

    @Override
    public void markReducesQueued(String jobId, long now) {
        call(jobId, true, jobSize(jobId), () -> table.markReducesQueued(jobId, now));
    }

    @Override
    public boolean succeed(String jobId, Map<String, Long> counters, long now) {
        boolean changed = call(jobId, true, jobSize(jobId), () -> table.succeed(jobId, counters, now));
        milestone("finished", changed, now);
        synchronized (this) {
            if (changed) end = JobStatus.SUCCEEDED;
        }
        return changed;
    }

    @Override
    public boolean fail(String jobId, String error, long now) {
        boolean changed = call(jobId, true, jobSize(jobId), () -> table.fail(jobId, error, now));
        milestone("finished", changed, now);
        synchronized (this) {
            if (changed) {
                end = JobStatus.FAILED;
                this.error = error;
            }
        }
        return changed;
    }

    @Override
    public void setLastError(String jobId, String error, long now) {
        call(jobId, true, jobSize(jobId), () -> table.setLastError(jobId, error, now));
    }

    @Override
    public List<JobRecord> recentJobs(int limit, long now) {
        return call("JOBS", false, 4096, () -> table.recentJobs(limit, now));
    }

    @Override
    public boolean createPipeline(NewPipeline pipeline, long now) {
        return call(pipeline.pipelineId(), true, 2048, () -> table.createPipeline(pipeline, now));
    }

    @Override
    public Optional<PipelineRecord> pipeline(String pipelineId) {
        return call(pipelineId, false, 2048, () -> table.pipeline(pipelineId));
    }

    @Override
    public void recordStageResult(String pipelineId, int stage, String outputPrefix, long now) {
        call(pipelineId, true, 2048, () -> table.recordStageResult(pipelineId, stage, outputPrefix, now));
    }

    @Override
    public boolean finishPipeline(String pipelineId, PipelineStatus status, String error, long now) {
        return call(pipelineId, true, 2048, () -> table.finishPipeline(pipelineId, status, error, now));
    }

    @Override
    public List<PipelineRecord> recentPipelines(int limit, long now) {
        return call("PIPELINES", false, 4096, () -> table.recentPipelines(limit, now));
    }

    @Override
    public Optional<Integer> startAttempt(String jobId, TaskId task, Attempt attempt, String input, long now) {
        grow(task, 100 + input.length());
        return call(jobId + task, true, taskSize(task), () -> table.startAttempt(jobId, task, attempt, input, now));
    }

    @Override
    public boolean recordCommit(
            String jobId, TaskId task, int slot, Outcome outcome, CommitRecord committed, byte[] runIndex, long now) {
        grow(task, 200 + (runIndex == null ? 0 : runIndex.length));
        return call(
                jobId + task,
                true,
                taskSize(task),
                () -> table.recordCommit(jobId, task, slot, outcome, committed, runIndex, now));
    }

    @Override
    public void recordOutcome(String jobId, TaskId task, int slot, Outcome outcome, String error, long now) {
        grow(task, 30 + (error == null ? 0 : error.length()));
        call(jobId + task, true, taskSize(task), () -> table.recordOutcome(jobId, task, slot, outcome, error, now));
    }

    @Override
    public Optional<TaskRecord> task(String jobId, TaskId task) {
        return call(jobId + task, false, taskSize(task), () -> table.task(jobId, task));
    }

    @Override
    public List<TaskRecord> tasks(String jobId, TaskKind kind) {
        int bytes = (int) Math.min(Integer.MAX_VALUE, kindBytes(kind));
        return call(jobId + "#" + kind, false, bytes, () -> table.tasks(jobId, kind));
    }

    @Override
    public void forEachTask(String jobId, TaskKind kind, Consumer<TaskRecord> each) {
        for (TaskRecord t : tasks(jobId, kind)) each.accept(t);
    }

    private synchronized long kindBytes(TaskKind kind) {
        long sum = 0;
        for (var e : taskBytes.entrySet()) if (e.getKey().kind() == kind) sum += e.getValue();
        return sum;
    }
}
