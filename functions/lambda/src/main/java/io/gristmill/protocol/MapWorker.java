package io.gristmill.protocol;

import io.gristmill.aws.Attempt;
import io.gristmill.aws.JobItem;
import io.gristmill.aws.TaskId;
import io.gristmill.aws.Times;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.MapTask;
import io.gristmill.engine.task.TaskSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One attempt at a map task: record the attempt, read the split, run the map function, commit the
 * output with a conditional put, record the commit, then tell the job.
 *
 * <p>The commit decides which attempt's output is the task's: the first conditional put wins, and a
 * later attempt (a duplicate delivery, a backup, a retry after a crash) gets 412 and adopts the
 * winner's output as recorded in its footer. A crash anywhere before the put leaves nothing; a crash
 * after it leaves a committed output that the next delivery finds and records.
 */
public final class MapWorker {
    private final Services services;
    private final Progress progress;

    public MapWorker(Services services) {
        this.services = services;
        this.progress = new Progress(services);
    }

    public void run(MapMessage msg, Delivery delivery) throws Exception {
        String jobId = msg.jobId();
        TaskId task = TaskId.map(msg.task());
        Optional<JobItem> job = services.table().getJob(jobId);
        if (job.isEmpty() || job.get().status().finished()) {
            Log.info(jobId, task, "job is " + job.map(j -> j.status().name()).orElse("gone") + "; nothing to do");
            return;
        }
        long now = Times.now();
        Optional<Integer> slot = services.table().startAttempt(jobId, task,
                new Attempt(delivery.attemptId(), delivery.receiveCount(), delivery.worker(), now, null, null, null),
                describe(msg.split()), now);
        if (slot.isPresent()) {
            // Names the job in the log before any user code runs, so an attempt that crashes is found by job.
            Log.info(jobId, task, "attempt " + delivery.attemptId() + " started (delivery " + delivery.receiveCount() + ")");
            attempt(msg, delivery, task, slot.get());
        } else {
            Log.info(jobId, task, "already committed; finishing its bookkeeping");
        }
        progress.mapCommitted(jobId, msg.task(), msg.maps(), msg.spec());
    }

    private void attempt(MapMessage msg, Delivery delivery, TaskId task, int slot) throws Exception {
        String jobId = msg.jobId();
        String key = Keys.mapOutput(jobId, msg.task());
        Path dir = Files.createTempDirectory(services.settings().tmpDir(), "map-");
        try {
            Path out = dir.resolve("output.run");
            MapTask.Result result;
            long started = Times.now();
            try (SplitLineReader reader = new SplitLineReader(services.s3(), msg.split(), lookahead(msg.split()))) {
                Map<String, Object> note = new LinkedHashMap<>();
                note.put("task", task.toString());
                note.put("attempt", delivery.attemptId());
                note.put("worker", delivery.worker());
                result = new MapTask(msg.spec(), task.toString(), JobFunctions.load(msg.spec()),
                        TaskSettings.defaults(dir)).run(reader, out, note);
            } catch (Exception e) {
                services.table().recordOutcome(jobId, task, slot, Attempt.FAILED, Files2.describe(e), Times.now());
                throw e;
            }
            boolean won = services.s3().putIfAbsent(key, out, Map.of("gristmill-attempt", delivery.attemptId()));
            long now = Times.now();
            String outcome = won ? Attempt.COMMITTED : Attempt.SUPERSEDED;
            boolean recorded;
            if (won) {
                recorded = services.table().recordCommit(jobId, task, slot, outcome, delivery.attemptId(),
                        ReduceInput.packLengths(result.partitionLengths()), result.counters(), result.skipped(), now);
                Log.info(jobId, task, "committed " + Files.size(out) + " bytes in " + (now - started) + " ms");
            } else {
                // Another attempt committed first: its output stands, described by its own footer.
                RunIndex winner = services.s3().readRunIndex(key);
                Map<String, Object> meta = Json.parseObject(winner.meta());
                recorded = services.table().recordCommit(jobId, task, slot, outcome, (String) meta.get("attempt"),
                        ReduceInput.packLengths(lengths(winner)), counters(meta), skipped(meta), now);
                Log.info(jobId, task, "attempt " + delivery.attemptId() + " lost the commit to " + meta.get("attempt"));
            }
            if (!recorded) services.table().recordOutcome(jobId, task, slot, outcome, null, now);
        } finally {
            Files2.deleteTree(dir);
        }
    }

    /** Reading a little past the split's end usually finishes its last line in the same request. */
    static long lookahead(Split s) {
        return Math.max(4096, Math.min(1 << 20, s.length()));
    }

    static String describe(Split s) {
        return s.gzip() ? s.name() + " (gzip, " + s.objectSize() + " bytes)"
                : s.name() + " bytes " + s.start() + "-" + s.end();
    }

    private static long[] lengths(RunIndex idx) {
        long[] l = new long[idx.partitions()];
        for (int p = 0; p < l.length; p++) l[p] = idx.length(p);
        return l;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Long> counters(Map<String, Object> meta) {
        Map<String, Long> out = new TreeMap<>();
        Object c = meta.get("counters");
        if (c instanceof Map<?, ?> m) m.forEach((k, v) -> out.put((String) k, ((Number) v).longValue()));
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<String> skipped(Map<String, Object> meta) {
        Object s = meta.get("skipped");
        return s instanceof List<?> l ? new ArrayList<>((List<String>) l) : List.of();
    }
}
