package io.gristmill.aws;

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
import io.gristmill.protocol.state.Times;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The job table on DynamoDB. Every write touches one item and the ones that move state on are
 * conditional: the local DynamoDB has no transactions, and none are needed (see {@link JobTable}).
 *
 * <pre>
 * pk                       sk              what
 * JOB#&lt;id&gt;                 #JOB            the job: status, spec, M, R
 * JOB#&lt;id&gt;                 MAP#000003      a map task: attempts, committed attempt, its output index, counters
 * JOB#&lt;id&gt;                 MERGE#000002    a merge task (two-level shuffle), as a map task
 * JOB#&lt;id&gt;                 REDUCE#000001   a reduce task
 * JOB#&lt;id&gt;                 DONE#MAP#0#000003  a set of committed tasks (DoneTree: level, node)
 * TRIGGER#&lt;bucket&gt;/&lt;key&gt;  #TRIGGER        the newest S3 event seen for a key (dedups events)
 * PIPELINE#&lt;id&gt;            #PIPELINE       a pipeline: status, definition, each finished stage's result
 * </pre>
 */
public final class DynamoJobTable implements JobTable {
    public static final String JOBS_INDEX = "jobs-by-time";
    private static final String JOB_SK = "#JOB";
    private static final String TRIGGER_SK = "#TRIGGER";
    private static final String PIPELINE_SK = "#PIPELINE";
    /**
     * Task durations recorded per phase for the backup deadline: those of the first tasks by index, the
     * tasks of the phase's first done set, which holds them.
     */
    static final int DURATION_SAMPLE = DoneTree.FANOUT;

    private final DynamoDbClient db;
    private final String table;
    private final long retentionMillis;

    public DynamoJobTable(DynamoDbClient db, String table, int retentionDays) {
        this.db = db;
        this.table = table;
        this.retentionMillis = retentionDays * 86_400_000L;
    }

    private static String jobPk(String jobId) {
        return "JOB#" + jobId;
    }

    /** The task's sort key; six digits keep a million tasks (Plan.MAX_MAP_TASKS) in order. */
    static String sortKey(TaskId task) {
        return sortPrefix(task.kind()) + String.format("%06d", task.index());
    }

    private static String sortPrefix(TaskKind kind) {
        return kind.name() + "#";
    }

    /** The sort key of one set of a phase's {@link DoneTree}. */
    static String doneKey(TaskKind kind, int level, int node) {
        return DONE + kind.name() + "#" + level + "#" + String.format("%06d", node);
    }

    private static final String DONE = "DONE#";

    private static TaskId fromSortKey(String sk) {
        for (TaskKind k : TaskKind.values()) {
            if (sk.startsWith(sortPrefix(k)))
                return new TaskId(k, Integer.parseInt(sk.substring(sortPrefix(k).length())));
        }
        throw new IllegalArgumentException("not a task key: " + sk);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private long expiresAt(long now) {
        return (now + retentionMillis) / 1000;
    }

    // ------------------------------------------------------------------ triggers

    @Override
    public boolean claimTrigger(String bucket, String key, String sequencer, String jobId, long now) {
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(key("TRIGGER#" + bucket + "/" + key, TRIGGER_SK))
                    .updateExpression("SET #seq = :seq, #job = :job, #exp = :exp")
                    .conditionExpression("attribute_not_exists(#seq) OR #seq < :seq OR (#seq = :seq AND #job = :job)")
                    .expressionAttributeNames(Map.of("#seq", "sequencer", "#job", "jobId", "#exp", "expiresAt"))
                    .expressionAttributeValues(
                            Map.of(":seq", s(sequencer), ":job", s(jobId), ":exp", n(expiresAt(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<String> triggeredJob(String bucket, String key) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table)
                        .key(key("TRIGGER#" + bucket + "/" + key, TRIGGER_SK))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(str(item, "jobId"));
    }

    // ------------------------------------------------------------------ jobs

    @Override
    public boolean createJob(NewJob job, long now) {
        Map<String, AttributeValue> item = new HashMap<>(key(jobPk(job.jobId()), JOB_SK));
        item.put("jobId", s(job.jobId()));
        item.put("name", s(job.name()));
        item.put("status", s(JobStatus.PLANNING.name()));
        job.specJson().ifPresent(spec -> item.put("spec", s(spec)));
        item.put("trigger", s(job.trigger()));
        if (job.output() != null) item.put("output", s(job.output()));
        item.put("createdAt", n(now));
        item.put("updatedAt", n(now));
        item.put("listPk", s("JOBS"));
        item.put("listSk", s(Times.iso(now) + " " + job.jobId()));
        job.stage().ifPresent(st -> {
            item.put("pipeline", s(st.pipelineId()));
            item.put("stage", n(st.stage()));
            item.put("iteration", n(st.iteration()));
        });
        try {
            db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The job's item, and how many of its tasks have committed, counted from its done sets (a Query). */
    @Override
    public Optional<JobRecord> job(String jobId) {
        Map<String, AttributeValue> item = db.getItem(
                        b -> b.tableName(table).key(key(jobPk(jobId), JOB_SK)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toJob(item, doneCounts(jobId)));
    }

    /** Committed tasks per kind: the sizes of the leaves of each phase's {@link DoneTree}. */
    private Map<TaskKind, Integer> doneCounts(String jobId) {
        Map<TaskKind, Integer> counts = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .projectionExpression("sk, #done")
                    .expressionAttributeNames(Map.of("#done", "done"))
                    .expressionAttributeValues(Map.of(":pk", s(jobPk(jobId)), ":prefix", s(DONE)));
            if (start != null) q.exclusiveStartKey(start);
            QueryResponse page = db.query(q.build());
            for (Map<String, AttributeValue> item : page.items()) {
                String[] parts = str(item, "sk").split("#");
                if (parts.length != 4 || !parts[2].equals("0")) continue; // not a leaf
                AttributeValue set = item.get("done");
                counts.merge(
                        TaskKind.valueOf(parts[1]),
                        set != null && set.hasNs() ? set.ns().size() : 0,
                        Integer::sum);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return counts;
    }

    /**
     * A projection of the status alone: the job item also holds the done sets, which grow with the
     * task count, so a full read here would make a job's reads quadratic in its tasks.
     */
    @Override
    public Optional<JobStatus> jobStatus(String jobId) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table)
                        .key(key(jobPk(jobId), JOB_SK))
                        .consistentRead(true)
                        .projectionExpression("#st")
                        .expressionAttributeNames(Map.of("#st", "status")))
                .item();
        AttributeValue status = item == null ? null : item.get("status");
        return status == null ? Optional.empty() : Optional.of(JobStatus.valueOf(status.s()));
    }

    @Override
    public boolean startMapPhase(String jobId, int maps, int reducers, String specJson, long now) {
        return updateJob(
                jobId,
                "SET #st = :mapping, maps = :m, reducers = :r, spec = :spec, updatedAt = :now",
                "#st = :planning",
                Map.of("#st", "status"),
                Map.of(
                        ":mapping",
                        s(JobStatus.MAPPING.name()),
                        ":planning",
                        s(JobStatus.PLANNING.name()),
                        ":m",
                        n(maps),
                        ":r",
                        n(reducers),
                        ":spec",
                        s(specJson),
                        ":now",
                        n(now)));
    }

    /**
     * Adds the task to its leaf of the phase's {@link DoneTree}, and each set it completes to its
     * parent, up to the root. Each addition is one UpdateItem of a small item, idempotent ({@code ADD}
     * to a number set).
     */
    @Override
    public boolean markDone(String jobId, TaskId task, int phaseSize, long now, Long durationMillis) {
        int index = task.index();
        for (int level = 0; ; level++) {
            int node = index / DoneTree.FANOUT;
            Long duration = level == 0 && task.index() < DURATION_SAMPLE ? durationMillis : null;
            int size = addDone(jobId, task.kind(), level, node, index, duration, now);
            if (size < DoneTree.children(phaseSize, level, node)) return false;
            if (DoneTree.isRoot(phaseSize, level)) return true;
            index = node;
        }
    }

    private int addDone(String jobId, TaskKind kind, int level, int node, int index, Long duration, long now) {
        Map<String, String> names = new HashMap<>(Map.of("#done", "done"));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", AttributeValue.fromNs(List.of(Integer.toString(index))));
        values.put(":now", n(now));
        values.put(":exp", n(expiresAt(now)));
        String expression = "ADD #done :one SET updatedAt = :now, expiresAt = if_not_exists(expiresAt, :exp)";
        if (duration != null) {
            names.put("#times", "times");
            values.put(":empty", AttributeValue.fromL(List.of()));
            values.put(":t", AttributeValue.fromL(List.of(n(duration))));
            expression += ", #times = list_append(if_not_exists(#times, :empty), :t)";
        }
        String update = expression;
        Map<String, AttributeValue> updated = db.updateItem(b -> b.tableName(table)
                        .key(key(jobPk(jobId), doneKey(kind, level, node)))
                        .updateExpression(update)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.UPDATED_NEW))
                .attributes();
        AttributeValue set = updated.get("done");
        return set == null ? 0 : set.ns().size();
    }

    /** The durations recorded on the phase's first leaf: its first tasks'. */
    @Override
    public OptionalLong phaseMedian(String jobId, TaskKind kind) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table)
                        .key(key(jobPk(jobId), doneKey(kind, 0, 0)))
                        .projectionExpression("#t")
                        .expressionAttributeNames(Map.of("#t", "times")))
                .item();
        AttributeValue list = item == null ? null : item.get("times");
        if (list == null || !list.hasL() || list.l().isEmpty()) return OptionalLong.empty();
        long[] values =
                list.l().stream().mapToLong(v -> Long.parseLong(v.n())).sorted().toArray();
        return OptionalLong.of(values[values.length / 2]);
    }

    @Override
    public boolean startMergePhase(String jobId, long now) {
        return updateJob(
                jobId,
                "SET #st = :merging, updatedAt = :now",
                "#st IN (:planning, :mapping)",
                Map.of("#st", "status"),
                Map.of(
                        ":merging",
                        s(JobStatus.MERGING.name()),
                        ":planning",
                        s(JobStatus.PLANNING.name()),
                        ":mapping",
                        s(JobStatus.MAPPING.name()),
                        ":now",
                        n(now)));
    }

    @Override
    public void markMergesQueued(String jobId, long now) {
        updateJob(
                jobId,
                "SET mergesQueued = :t, updatedAt = :now",
                null,
                Map.of(),
                Map.of(":t", AttributeValue.fromBool(true), ":now", n(now)));
    }

    @Override
    public boolean startReducePhase(String jobId, long now) {
        return updateJob(
                jobId,
                "SET #st = :reducing, mapsEndedAt = :now, updatedAt = :now",
                "#st IN (:planning, :mapping, :merging)",
                Map.of("#st", "status"),
                Map.of(
                        ":reducing",
                        s(JobStatus.REDUCING.name()),
                        ":planning",
                        s(JobStatus.PLANNING.name()),
                        ":mapping",
                        s(JobStatus.MAPPING.name()),
                        ":merging",
                        s(JobStatus.MERGING.name()),
                        ":now",
                        n(now)));
    }

    @Override
    public void markReducesQueued(String jobId, long now) {
        updateJob(
                jobId,
                "SET reducesQueued = :t, updatedAt = :now",
                null,
                Map.of(),
                Map.of(":t", AttributeValue.fromBool(true), ":now", n(now)));
    }

    @Override
    public boolean succeed(String jobId, Map<String, Long> counters, long now) {
        return updateJob(
                jobId,
                "SET #st = :done, finishedAt = :now, updatedAt = :now, expiresAt = :exp, #counters = :counters",
                "#st = :reducing",
                Map.of("#st", "status", "#counters", "counters"),
                Map.of(
                        ":done",
                        s(JobStatus.SUCCEEDED.name()),
                        ":reducing",
                        s(JobStatus.REDUCING.name()),
                        ":now",
                        n(now),
                        ":exp",
                        n(expiresAt(now)),
                        ":counters",
                        counterMap(counters)));
    }

    @Override
    public boolean fail(String jobId, String error, long now) {
        return updateJob(
                jobId,
                "SET #st = :failed, #err = :err, finishedAt = :now, updatedAt = :now, expiresAt = :exp",
                "NOT (#st IN (:succeeded, :failed))",
                Map.of("#st", "status", "#err", "error"),
                Map.of(
                        ":failed",
                        s(JobStatus.FAILED.name()),
                        ":succeeded",
                        s(JobStatus.SUCCEEDED.name()),
                        ":err",
                        s(error),
                        ":now",
                        n(now),
                        ":exp",
                        n(expiresAt(now))));
    }

    @Override
    public void setLastError(String jobId, String error, long now) {
        updateJob(
                jobId,
                "SET lastError = :err, updatedAt = :now",
                null,
                Map.of(),
                Map.of(":err", s(error), ":now", n(now)));
    }

    /**
     * One conditional update of the job's item (which must exist); false when the condition fails.
     *
     * @param names the expression's attribute-name placeholders ({@code #st} for {@code status}, a
     *     reserved word)
     */
    private boolean updateJob(
            String jobId,
            String expression,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        String cond = "attribute_exists(pk)" + (condition == null ? "" : " AND (" + condition + ")");
        try {
            db.updateItem(b -> {
                b.tableName(table)
                        .key(key(jobPk(jobId), JOB_SK))
                        .updateExpression(expression)
                        .conditionExpression(cond)
                        .expressionAttributeValues(values);
                if (!names.isEmpty()) b.expressionAttributeNames(names);
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The newest jobs first, skipping items whose retention has passed (TTL deletes lazily). */
    @Override
    public List<JobRecord> recentJobs(int limit, long now) {
        // A job that succeeded records its final counts; the others are counted from their done sets.
        return newest(
                "JOBS",
                limit,
                now,
                item -> toJob(
                        item,
                        JobStatus.valueOf(str(item, "status")) == JobStatus.SUCCEEDED
                                ? Map.of()
                                : doneCounts(str(item, "jobId"))));
    }

    /** The newest items listed under {@code listPk} in the time index, leaving out expired ones. */
    private <T> List<T> newest(String listPk, int limit, long now, Function<Map<String, AttributeValue>, T> read) {
        long nowSeconds = now / 1000;
        List<T> out = new ArrayList<>();
        QueryResponse page = db.query(b -> b.tableName(table)
                .indexName(JOBS_INDEX)
                .keyConditionExpression("listPk = :list")
                .expressionAttributeValues(Map.of(":list", s(listPk)))
                .scanIndexForward(false)
                .limit(Math.max(limit * 2, 10)));
        for (Map<String, AttributeValue> item : page.items()) {
            AttributeValue exp = item.get("expiresAt");
            if (exp != null && Long.parseLong(exp.n()) < nowSeconds) continue;
            out.add(read.apply(item));
            if (out.size() >= limit) break;
        }
        return out;
    }

    // ------------------------------------------------------------------ pipelines

    private static Map<String, AttributeValue> pipelineKey(String pipelineId) {
        return key("PIPELINE#" + pipelineId, PIPELINE_SK);
    }

    @Override
    public boolean createPipeline(NewPipeline p, long now) {
        Map<String, AttributeValue> item = new HashMap<>(pipelineKey(p.pipelineId()));
        item.put("pipelineId", s(p.pipelineId()));
        item.put("name", s(p.name()));
        item.put("status", s(PipelineStatus.RUNNING.name()));
        p.definitionJson().ifPresent(d -> item.put("definition", s(d)));
        item.put("trigger", s(p.trigger()));
        item.put("output", s(p.output()));
        item.put("results", AttributeValue.fromM(Map.of()));
        item.put("createdAt", n(now));
        item.put("listPk", s("PIPELINES"));
        item.put("listSk", s(Times.iso(now) + " " + p.pipelineId()));
        try {
            db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<PipelineRecord> pipeline(String pipelineId) {
        Map<String, AttributeValue> item = db.getItem(
                        b -> b.tableName(table).key(pipelineKey(pipelineId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toPipeline(item));
    }

    @Override
    public void recordStageResult(String pipelineId, int stage, String outputPrefix, long now) {
        db.updateItem(b -> b.tableName(table)
                .key(pipelineKey(pipelineId))
                .updateExpression("SET results.#s = :out")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#s", Integer.toString(stage)))
                .expressionAttributeValues(Map.of(":out", s(outputPrefix))));
    }

    @Override
    public boolean finishPipeline(String pipelineId, PipelineStatus status, String error, long now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":to",
                s(status.name()),
                ":running",
                s(PipelineStatus.RUNNING.name()),
                ":now",
                n(now),
                ":exp",
                n(expiresAt(now))));
        String set = "SET #st = :to, finishedAt = :now, expiresAt = :exp";
        Map<String, String> names = new HashMap<>(Map.of("#st", "status"));
        if (error != null) {
            values.put(":err", s(error));
            names.put("#err", "error");
            set += ", #err = :err";
        }
        String expression = set;
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(pipelineKey(pipelineId))
                    .updateExpression(expression)
                    .conditionExpression("#st = :running")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<PipelineRecord> recentPipelines(int limit, long now) {
        return newest("PIPELINES", limit, now, DynamoJobTable::toPipeline);
    }

    // ------------------------------------------------------------------ tasks

    @Override
    public Optional<Integer> startAttempt(String jobId, TaskId task, Attempt attempt, String input, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":running", s(TaskStatus.RUNNING.name()));
        values.put(":done", s(TaskStatus.DONE.name()));
        values.put(":empty", AttributeValue.fromL(List.of()));
        values.put(":att", AttributeValue.fromL(List.of(attemptValue(attempt))));
        values.put(":now", n(now));
        values.put(":exp", n(expiresAt(now)));
        values.put(":input", s(input));
        try {
            Map<String, AttributeValue> updated = db.updateItem(b -> b.tableName(table)
                            .key(key(jobPk(jobId), sortKey(task)))
                            .updateExpression("SET #st = if_not_exists(#st, :running), attempts = list_append("
                                    + "if_not_exists(attempts, :empty), :att), startedAt = if_not_exists(startedAt, :now), "
                                    + "expiresAt = :exp, #in = :input")
                            .conditionExpression("attribute_not_exists(#st) OR #st <> :done")
                            .expressionAttributeNames(Map.of("#st", "status", "#in", "input"))
                            .expressionAttributeValues(values)
                            .returnValues(ReturnValue.UPDATED_NEW))
                    .attributes();
            return Optional.of(updated.get("attempts").l().size() - 1);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean recordCommit(
            String jobId, TaskId task, int slot, Outcome outcome, CommitRecord committed, byte[] runIndex, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":done", s(TaskStatus.DONE.name()));
        values.put(":c", s(committed.attempt()));
        values.put(":counters", counterMap(committed.counters().orElse(Map.of())));
        values.put(":now", n(now));
        values.put(":outcome", s(outcome.word()));
        String set = "SET #st = :done, #committed = :c, #counters = :counters, finishedAt = :now, " + "attempts[" + slot
                + "].#end = :now, attempts[" + slot + "].#outcome = :outcome";
        if (runIndex != null) {
            values.put(":idx", AttributeValue.fromB(SdkBytes.fromByteArray(runIndex)));
            set += ", runIndex = :idx";
        }
        List<String> skipped = committed.skipped().orElse(List.of());
        if (!skipped.isEmpty()) {
            values.put(
                    ":skipped",
                    AttributeValue.fromL(skipped.stream().map(DynamoJobTable::s).toList()));
            set += ", skipped = :skipped";
        }
        String expression = set;
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(key(jobPk(jobId), sortKey(task)))
                    .updateExpression(expression)
                    .conditionExpression("#st <> :done")
                    .expressionAttributeNames(Map.of(
                            "#st",
                            "status",
                            "#committed",
                            "committed",
                            "#counters",
                            "counters",
                            "#end",
                            "end",
                            "#outcome",
                            "outcome"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void recordOutcome(String jobId, TaskId task, int slot, Outcome outcome, String error, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", n(now));
        values.put(":outcome", s(outcome.word()));
        String set = "SET attempts[" + slot + "].#end = :now, attempts[" + slot + "].#outcome = :outcome";
        Map<String, String> names = new HashMap<>(Map.of("#end", "end", "#outcome", "outcome"));
        if (error != null) {
            values.put(":err", s(error));
            names.put("#err", "error");
            set += ", attempts[" + slot + "].#err = :err, lastError = :err";
        }
        String expression = set;
        db.updateItem(b -> b.tableName(table)
                .key(key(jobPk(jobId), sortKey(task)))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    @Override
    public Optional<TaskRecord> task(String jobId, TaskId task) {
        Map<String, AttributeValue> item = db.getItem(b ->
                        b.tableName(table).key(key(jobPk(jobId), sortKey(task))).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toTask(item));
    }

    @Override
    public List<TaskRecord> tasks(String jobId, TaskKind kind) {
        List<TaskRecord> out = new ArrayList<>();
        forEachTask(jobId, kind, out::add);
        return out;
    }

    /** Streams the tasks page by page (1 MB each), holding one page at a time. */
    @Override
    public void forEachTask(String jobId, TaskKind kind, java.util.function.Consumer<TaskRecord> each) {
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(jobPk(jobId)), ":prefix", s(sortPrefix(kind))));
            if (start != null) q.exclusiveStartKey(start);
            QueryResponse page = db.query(q.build());
            for (Map<String, AttributeValue> item : page.items()) each.accept(toTask(item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    // ------------------------------------------------------------------ conversions

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static AttributeValue counterMap(Map<String, Long> counters) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        counters.forEach((k, v) -> m.put(k, n(v)));
        return AttributeValue.fromM(m);
    }

    private static AttributeValue attemptValue(Attempt a) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("id", s(a.id()));
        m.put("delivery", n(a.delivery()));
        m.put("worker", s(a.worker()));
        m.put("start", n(a.start()));
        return AttributeValue.fromM(m);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Long.parseLong(v.n());
    }

    /** A count the item records (one written before the done sets moved out), or else the one given. */
    private static int done(Map<String, AttributeValue> item, String name, int counted) {
        AttributeValue v = item.get(name);
        if (v != null && v.n() != null) return Integer.parseInt(v.n());
        if (v != null && v.hasNs()) return v.ns().size(); // an item written before the done sets moved out
        return counted;
    }

    private static int mergesOf(Map<String, AttributeValue> item, Long maps) {
        String spec = str(item, "spec");
        return spec == null || maps == null ? 0 : JobSpec.fromJson(spec).mergeTasks(maps.intValue());
    }

    /**
     * @param counts committed tasks per kind, from the done sets; empty for a job that succeeded, all
     *     of whose tasks committed
     */
    private static JobRecord toJob(Map<String, AttributeValue> item, Map<TaskKind, Integer> counts) {
        Long maps = num(item, "maps");
        Long reducers = num(item, "reducers");
        AttributeValue queued = item.get("reducesQueued");
        AttributeValue mergesQueued = item.get("mergesQueued");
        JobStatus status = JobStatus.valueOf(str(item, "status"));
        boolean succeeded = status == JobStatus.SUCCEEDED;
        int mergesDone = counts.getOrDefault(TaskKind.MERGE, 0);
        return new JobRecord(
                str(item, "jobId"),
                str(item, "name"),
                status,
                Optional.ofNullable(str(item, "spec")).map(JobSpec::fromJson),
                str(item, "trigger"),
                str(item, "output"),
                num(item, "createdAt"),
                num(item, "mapsEndedAt"),
                num(item, "finishedAt"),
                maps == null ? -1 : maps.intValue(),
                reducers == null ? -1 : reducers.intValue(),
                done(
                        item,
                        "mapsDone",
                        counts.isEmpty() && succeeded
                                ? Math.max(0, maps == null ? 0 : maps.intValue())
                                : counts.getOrDefault(TaskKind.MAP, 0)),
                done(
                        item,
                        "reducesDone",
                        counts.isEmpty() && succeeded
                                ? Math.max(0, reducers == null ? 0 : reducers.intValue())
                                : counts.getOrDefault(TaskKind.REDUCE, 0)),
                queued != null && Boolean.TRUE.equals(queued.bool()),
                str(item, "error"),
                str(item, "lastError"),
                counts.isEmpty() && succeeded ? mergesOf(item, maps) : mergesDone,
                mergesQueued != null && Boolean.TRUE.equals(mergesQueued.bool()),
                str(item, "pipeline") == null
                        ? Optional.empty()
                        : Optional.of(new StageRef(
                                str(item, "pipeline"),
                                num(item, "stage").intValue(),
                                num(item, "iteration").intValue())),
                longMap(item, "counters"));
    }

    private static Map<String, Long> longMap(Map<String, AttributeValue> item, String name) {
        Map<String, Long> out = new TreeMap<>();
        AttributeValue c = item.get(name);
        if (c != null && c.hasM()) c.m().forEach((k, v) -> out.put(k, Long.parseLong(v.n())));
        return out;
    }

    private static PipelineRecord toPipeline(Map<String, AttributeValue> item) {
        Map<Integer, String> results = new TreeMap<>();
        AttributeValue r = item.get("results");
        if (r != null && r.hasM()) r.m().forEach((k, v) -> results.put(Integer.parseInt(k), v.s()));
        return new PipelineRecord(
                str(item, "pipelineId"),
                str(item, "name"),
                PipelineStatus.valueOf(str(item, "status")),
                Optional.ofNullable(str(item, "definition")).map(PipelineRecord::definition),
                str(item, "trigger"),
                str(item, "output"),
                num(item, "createdAt"),
                num(item, "finishedAt"),
                results,
                str(item, "error"));
    }

    private static TaskRecord toTask(Map<String, AttributeValue> item) {
        List<Attempt> attempts = new ArrayList<>();
        AttributeValue list = item.get("attempts");
        if (list != null && list.hasL()) {
            for (AttributeValue a : list.l()) {
                Map<String, AttributeValue> m = a.m();
                String outcome = str(m, "outcome");
                attempts.add(new Attempt(
                        str(m, "id"),
                        num(m, "delivery").intValue(),
                        str(m, "worker"),
                        num(m, "start"),
                        num(m, "end"),
                        outcome == null ? Outcome.RUNNING : Outcome.ofWord(outcome),
                        str(m, "error")));
            }
        }
        Map<String, Long> counters = new TreeMap<>();
        AttributeValue c = item.get("counters");
        if (c != null && c.hasM()) c.m().forEach((k, v) -> counters.put(k, Long.parseLong(v.n())));
        List<String> skipped = new ArrayList<>();
        AttributeValue sk = item.get("skipped");
        if (sk != null && sk.hasL()) sk.l().forEach(v -> skipped.add(v.s()));
        AttributeValue idx = item.get("runIndex");
        return new TaskRecord(
                str(item, "pk").substring("JOB#".length()),
                fromSortKey(str(item, "sk")),
                TaskStatus.valueOf(str(item, "status")),
                attempts,
                str(item, "committed"),
                idx == null ? null : idx.b().asByteArray(),
                counters,
                skipped,
                str(item, "input"),
                str(item, "lastError"));
    }
}
