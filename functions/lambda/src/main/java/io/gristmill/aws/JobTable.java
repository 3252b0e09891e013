package io.gristmill.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Job and task state in DynamoDB. Every write touches one item and most are conditional: the local
 * DynamoDB has no transactions, and none are needed, because each step of the protocol is idempotent
 * on its own (see docs/failure-model.md).
 *
 * <pre>
 * JOB#&lt;id&gt;   #JOB           the job: status, spec, M, R, the sets of committed tasks
 * JOB#&lt;id&gt;   MAP#000003     a map task: attempts, committed attempt, its output index, counters
 * JOB#&lt;id&gt;   REDUCE#000001  a reduce task
 * TRIGGER#&lt;bucket&gt;/&lt;key&gt;  #TRIGGER   the newest S3 event seen for a key (dedups events)
 * </pre>
 */
public final class JobTable {
    public static final String JOBS_INDEX = "jobs-by-time";
    private static final String JOB_SK = "#JOB";
    private static final String TRIGGER_SK = "#TRIGGER";

    private final DynamoDbClient db;
    private final String table;
    private final long retentionMillis;

    public JobTable(DynamoDbClient db, String table, int retentionDays) {
        this.db = db;
        this.table = table;
        this.retentionMillis = retentionDays * 86_400_000L;
    }

    private static String jobPk(String jobId) {
        return "JOB#" + jobId;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private long expiresAt(long now) {
        return (now + retentionMillis) / 1000;
    }

    // ------------------------------------------------------------------ triggers

    /**
     * Records an S3 event for a key, unless a newer event for that key was seen: S3 delivers events
     * at least once and in no particular order, and its {@code sequencer} orders the events of one
     * key. Returns false for an event older than one already seen; the same event again returns true,
     * so a redelivered event resumes the job it started.
     */
    public boolean claimTrigger(String bucket, String key, String sequencer, String jobId, long now) {
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(key("TRIGGER#" + bucket + "/" + key, TRIGGER_SK))
                    .updateExpression("SET #seq = :seq, #job = :job, #exp = :exp")
                    .conditionExpression("attribute_not_exists(#seq) OR #seq < :seq OR (#seq = :seq AND #job = :job)")
                    .expressionAttributeNames(Map.of("#seq", "sequencer", "#job", "jobId", "#exp", "expiresAt"))
                    .expressionAttributeValues(Map.of(":seq", s(sequencer), ":job", s(jobId), ":exp", n(expiresAt(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The job that the newest event for an uploaded key started, if any (how a client finds its job). */
    public Optional<String> triggeredJob(String bucket, String key) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table)
                .key(key("TRIGGER#" + bucket + "/" + key, TRIGGER_SK)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(str(item, "jobId"));
    }

    // ------------------------------------------------------------------ jobs

    /** Creates the job's item; false if it exists already (a duplicate event got there first). */
    public boolean createJob(String jobId, String name, JobStatus status, String specJson, String trigger,
            String output, String error, long now) {
        Map<String, AttributeValue> item = new HashMap<>(key(jobPk(jobId), JOB_SK));
        item.put("jobId", s(jobId));
        item.put("name", s(name));
        item.put("status", s(status.name()));
        item.put("spec", s(specJson));
        item.put("trigger", s(trigger));
        if (output != null) item.put("output", s(output));
        item.put("createdAt", n(now));
        item.put("updatedAt", n(now));
        item.put("listPk", s("JOBS"));
        item.put("listSk", s(Times.iso(now) + " " + jobId));
        if (error != null) {
            item.put("error", s(error));
            item.put("finishedAt", n(now));
            item.put("expiresAt", n(expiresAt(now)));
        }
        try {
            db.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public Optional<JobItem> getJob(String jobId) {
        Map<String, AttributeValue> item =
                db.getItem(b -> b.tableName(table).key(key(jobPk(jobId), JOB_SK)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toJob(item));
    }

    /**
     * Only the job's status: what every attempt checks before it starts. The job item also holds the
     * done sets, which grow with the task count, so a full read here would make a job's reads
     * quadratic in its tasks.
     */
    public Optional<JobStatus> jobStatus(String jobId) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key(jobPk(jobId), JOB_SK))
                .consistentRead(true).projectionExpression("#st").expressionAttributeNames(Map.of("#st", "status"))).item();
        AttributeValue status = item == null ? null : item.get("status");
        return status == null ? Optional.empty() : Optional.of(JobStatus.valueOf(status.s()));
    }

    /** Stores the plan's task counts and final spec, and opens the map phase. */
    public boolean startMapPhase(String jobId, int maps, int reducers, String specJson, long now) {
        return update(jobId, "SET #st = :mapping, maps = :m, reducers = :r, spec = :spec, updatedAt = :now",
                "#st = :planning",
                Map.of(":mapping", s(JobStatus.MAPPING.name()), ":planning", s(JobStatus.PLANNING.name()),
                        ":m", n(maps), ":r", n(reducers), ":spec", s(specJson), ":now", n(now)));
    }

    /** Task durations recorded per phase for the backup deadline: a sample of the first tasks by index. */
    static final int DURATION_SAMPLE = 512;

    /**
     * Adds a committed task to its phase's set and returns how many the set holds. Adding to a set is
     * idempotent, so a redelivered completion never counts twice. The attempt that committed passes
     * its duration, which feeds the phase's median (the backup tasks' yardstick).
     */
    public int addDone(String jobId, TaskId.Kind kind, int index, long now, Long durationMillis) {
        String attr = kind == TaskId.Kind.MAP ? "mapsDone" : "reducesDone";
        String times = kind == TaskId.Kind.MAP ? "mapTimes" : "reduceTimes";
        Map<String, String> names = new HashMap<>(Map.of("#done", attr));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":one", AttributeValue.fromNs(List.of(Integer.toString(index))));
        values.put(":now", n(now));
        String expression = "ADD #done :one SET updatedAt = :now";
        if (durationMillis != null && index < DURATION_SAMPLE) {
            names.put("#times", times);
            values.put(":empty", AttributeValue.fromL(List.of()));
            values.put(":t", AttributeValue.fromL(List.of(n(durationMillis))));
            expression += ", #times = list_append(if_not_exists(#times, :empty), :t)";
        }
        String update = expression;
        Map<String, AttributeValue> updated = db.updateItem(b -> b.tableName(table)
                        .key(key(jobPk(jobId), JOB_SK))
                        .updateExpression(update)
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.UPDATED_NEW))
                .attributes();
        AttributeValue set = updated.get(attr);
        return set == null ? 0 : set.ns().size();
    }

    /** The median duration of a phase's committed tasks so far, or null if none has committed. */
    public Long phaseMedian(String jobId, TaskId.Kind kind) {
        String times = kind == TaskId.Kind.MAP ? "mapTimes" : "reduceTimes";
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table).key(key(jobPk(jobId), JOB_SK))
                .projectionExpression("#t").expressionAttributeNames(Map.of("#t", times))).item();
        AttributeValue list = item == null ? null : item.get(times);
        if (list == null || !list.hasL() || list.l().isEmpty()) return null;
        long[] values = list.l().stream().mapToLong(v -> Long.parseLong(v.n())).sorted().toArray();
        return values[values.length / 2];
    }

    /** PLANNING or MAPPING to REDUCING; false if another message made the change (or the job ended). */
    public boolean startReducePhase(String jobId, long now) {
        return update(jobId, "SET #st = :reducing, mapsEndedAt = :now, updatedAt = :now",
                "#st IN (:planning, :mapping)",
                Map.of(":reducing", s(JobStatus.REDUCING.name()), ":planning", s(JobStatus.PLANNING.name()),
                        ":mapping", s(JobStatus.MAPPING.name()), ":now", n(now)));
    }

    public void markReducesQueued(String jobId, long now) {
        update(jobId, "SET reducesQueued = :t, updatedAt = :now", null, Map.of(":t", AttributeValue.fromBool(true),
                ":now", n(now)));
    }

    /** REDUCING to SUCCEEDED. */
    public boolean succeed(String jobId, long now) {
        return update(jobId, "SET #st = :done, finishedAt = :now, updatedAt = :now, expiresAt = :exp", "#st = :reducing",
                Map.of(":done", s(JobStatus.SUCCEEDED.name()), ":reducing", s(JobStatus.REDUCING.name()),
                        ":now", n(now), ":exp", n(expiresAt(now))));
    }

    /** Any unfinished state to FAILED, recording why; false if the job had already finished. */
    public boolean fail(String jobId, String error, long now) {
        return update(jobId, "SET #st = :failed, #err = :err, finishedAt = :now, updatedAt = :now, expiresAt = :exp",
                "NOT (#st IN (:succeeded, :failed))",
                Map.of(":failed", s(JobStatus.FAILED.name()), ":succeeded", s(JobStatus.SUCCEEDED.name()),
                        ":err", s(error), ":now", n(now), ":exp", n(expiresAt(now))));
    }

    /** Notes a problem that may yet be retried (shown by status; used if the job dead-letters). */
    public void setLastError(String jobId, String error, long now) {
        update(jobId, "SET lastError = :err, updatedAt = :now", null, Map.of(":err", s(error), ":now", n(now)));
    }

    private boolean update(String jobId, String expression, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        if (expression.contains("#st") || (condition != null && condition.contains("#st"))) names.put("#st", "status");
        if (expression.contains("#err")) names.put("#err", "error");
        String cond = "attribute_exists(pk)" + (condition == null ? "" : " AND (" + condition + ")");
        try {
            UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table)
                    .key(key(jobPk(jobId), JOB_SK))
                    .updateExpression(expression)
                    .conditionExpression(cond)
                    .expressionAttributeValues(values);
            if (!names.isEmpty()) b.expressionAttributeNames(names);
            db.updateItem(b.build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The newest jobs first, skipping items whose retention has passed (TTL deletes lazily). */
    public List<JobItem> recentJobs(int limit) {
        long nowSeconds = Times.now() / 1000;
        List<JobItem> out = new ArrayList<>();
        QueryResponse page = db.query(b -> b.tableName(table).indexName(JOBS_INDEX)
                .keyConditionExpression("listPk = :jobs")
                .expressionAttributeValues(Map.of(":jobs", s("JOBS")))
                .scanIndexForward(false)
                .limit(Math.max(limit * 2, 10)));
        for (Map<String, AttributeValue> item : page.items()) {
            AttributeValue exp = item.get("expiresAt");
            if (exp != null && Long.parseLong(exp.n()) < nowSeconds) continue;
            out.add(toJob(item));
            if (out.size() >= limit) break;
        }
        return out;
    }

    // ------------------------------------------------------------------ tasks

    /**
     * Records the start of an attempt and returns its position in the task's attempt list, or empty
     * when the task is already DONE (this attempt has nothing to do).
     */
    public Optional<Integer> startAttempt(String jobId, TaskId task, Attempt attempt, String input, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":running", s("RUNNING"));
        values.put(":done", s("DONE"));
        values.put(":empty", AttributeValue.fromL(List.of()));
        values.put(":att", AttributeValue.fromL(List.of(attemptValue(attempt))));
        values.put(":now", n(now));
        values.put(":exp", n(expiresAt(now)));
        values.put(":input", s(input));
        try {
            Map<String, AttributeValue> updated = db.updateItem(b -> b.tableName(table)
                            .key(key(jobPk(jobId), task.sortKey()))
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

    /**
     * Marks the task DONE with the committed attempt's output, and this attempt's outcome. False when
     * the task was already DONE (another attempt recorded the same commit).
     */
    public boolean recordCommit(String jobId, TaskId task, int attemptIndex, String outcome, String committedAttempt,
            byte[] runIndex, Map<String, Long> counters, List<String> skipped, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":done", s("DONE"));
        values.put(":c", s(committedAttempt));
        values.put(":counters", counterMap(counters));
        values.put(":now", n(now));
        values.put(":outcome", s(outcome));
        String set = "SET #st = :done, #committed = :c, #counters = :counters, finishedAt = :now, "
                + "attempts[" + attemptIndex + "].#end = :now, attempts[" + attemptIndex + "].#outcome = :outcome";
        if (runIndex != null) {
            values.put(":idx", AttributeValue.fromB(SdkBytes.fromByteArray(runIndex)));
            set += ", runIndex = :idx";
        }
        if (!skipped.isEmpty()) {
            values.put(":skipped", AttributeValue.fromL(skipped.stream().map(JobTable::s).toList()));
            set += ", skipped = :skipped";
        }
        String expression = set;
        try {
            db.updateItem(b -> b.tableName(table)
                    .key(key(jobPk(jobId), task.sortKey()))
                    .updateExpression(expression)
                    .conditionExpression("#st <> :done")
                    .expressionAttributeNames(Map.of("#st", "status", "#committed", "committed", "#counters", "counters",
                            "#end", "end", "#outcome", "outcome"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Records how an attempt ended when it did not commit (failed, superseded, abandoned). */
    public void recordOutcome(String jobId, TaskId task, int attemptIndex, String outcome, String error, long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", n(now));
        values.put(":outcome", s(outcome));
        String set = "SET attempts[" + attemptIndex + "].#end = :now, attempts[" + attemptIndex + "].#outcome = :outcome";
        if (error != null) {
            values.put(":err", s(error));
            set += ", attempts[" + attemptIndex + "].#err = :err, lastError = :err";
        }
        String expression = set;
        Map<String, String> names = new HashMap<>(Map.of("#end", "end", "#outcome", "outcome"));
        if (error != null) names.put("#err", "error");
        db.updateItem(b -> b.tableName(table)
                .key(key(jobPk(jobId), task.sortKey()))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    public Optional<TaskItem> getTask(String jobId, TaskId task) {
        Map<String, AttributeValue> item = db.getItem(b -> b.tableName(table)
                .key(key(jobPk(jobId), task.sortKey())).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toTask(item));
    }

    /** Every task item of a job of one kind, in index order. */
    public List<TaskItem> tasks(String jobId, TaskId.Kind kind) {
        List<TaskItem> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(jobPk(jobId)), ":prefix", s(kind.sortPrefix())));
            if (start != null) q.exclusiveStartKey(start);
            QueryResponse page = db.query(q.build());
            for (Map<String, AttributeValue> item : page.items()) out.add(toTask(item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
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

    private static Set<Integer> intSet(Map<String, AttributeValue> item, String name) {
        Set<Integer> out = new TreeSet<>();
        AttributeValue v = item.get(name);
        if (v != null && v.hasNs()) v.ns().forEach(x -> out.add(Integer.parseInt(x)));
        return out;
    }

    private static JobItem toJob(Map<String, AttributeValue> item) {
        Long maps = num(item, "maps");
        Long reducers = num(item, "reducers");
        AttributeValue queued = item.get("reducesQueued");
        return new JobItem(str(item, "jobId"), str(item, "name"), JobStatus.valueOf(str(item, "status")),
                str(item, "spec"), str(item, "trigger"), str(item, "output"), num(item, "createdAt"),
                num(item, "mapsEndedAt"), num(item, "finishedAt"), maps == null ? -1 : maps.intValue(),
                reducers == null ? -1 : reducers.intValue(), intSet(item, "mapsDone"), intSet(item, "reducesDone"),
                queued != null && Boolean.TRUE.equals(queued.bool()), str(item, "error"), str(item, "lastError"));
    }

    private static TaskItem toTask(Map<String, AttributeValue> item) {
        List<Attempt> attempts = new ArrayList<>();
        AttributeValue list = item.get("attempts");
        if (list != null && list.hasL()) {
            for (AttributeValue a : list.l()) {
                Map<String, AttributeValue> m = a.m();
                attempts.add(new Attempt(str(m, "id"), num(m, "delivery").intValue(), str(m, "worker"), num(m, "start"),
                        num(m, "end"), str(m, "outcome"), str(m, "error")));
            }
        }
        Map<String, Long> counters = new java.util.TreeMap<>();
        AttributeValue c = item.get("counters");
        if (c != null && c.hasM()) c.m().forEach((k, v) -> counters.put(k, Long.parseLong(v.n())));
        List<String> skipped = new ArrayList<>();
        AttributeValue sk = item.get("skipped");
        if (sk != null && sk.hasL()) sk.l().forEach(v -> skipped.add(v.s()));
        AttributeValue idx = item.get("runIndex");
        return new TaskItem(str(item, "jobId") != null ? str(item, "jobId") : str(item, "pk").substring(4),
                TaskId.fromSortKey(str(item, "sk")), "DONE".equals(str(item, "status")), attempts,
                str(item, "committed"), idx == null ? null : idx.b().asByteArray(), counters, skipped,
                str(item, "input"), str(item, "lastError"));
    }
}
