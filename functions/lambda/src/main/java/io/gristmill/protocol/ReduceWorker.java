package io.gristmill.protocol;

import io.gristmill.aws.Attempt;
import io.gristmill.aws.CommitStream;
import io.gristmill.aws.JobItem;
import io.gristmill.aws.TaskId;
import io.gristmill.aws.Times;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.ReduceTask;
import io.gristmill.engine.task.TaskSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt at a reduce task: fetch this partition of every map output, merge, reduce, and commit
 * the part with a conditional put (multipart for large parts, the condition on completion). The
 * part is staged under _gristmill/ until the whole job publishes.
 */
public final class ReduceWorker {
    /** S3 limits user metadata to 2 KB; larger counter sets stay in the table only. */
    static final int MAX_COUNTERS_METADATA = 1500;

    private final Services services;
    private final Progress progress;

    public ReduceWorker(Services services) {
        this.services = services;
        this.progress = new Progress(services);
    }

    public void run(ReduceMessage msg, Delivery delivery) throws Exception {
        String jobId = msg.jobId();
        TaskId task = TaskId.reduce(msg.task());
        Optional<JobItem> job = services.table().getJob(jobId);
        if (job.isEmpty() || job.get().status().finished()) {
            Log.info(jobId, task, "job is " + job.map(j -> j.status().name()).orElse("gone") + "; nothing to do");
            return;
        }
        long now = Times.now();
        Optional<Integer> slot = services.table().startAttempt(jobId, task,
                new Attempt(delivery.attemptId(), delivery.receiveCount(), delivery.worker(), now, null, null, null),
                "partition " + msg.task() + " of every map output", now);
        if (slot.isPresent()) {
            // Names the job in the log before any user code runs, so an attempt that crashes is found by job.
            Log.info(jobId, task, "attempt " + delivery.attemptId() + " started (delivery " + delivery.receiveCount() + ")");
            attempt(msg, delivery, task, slot.get());
        } else {
            Log.info(jobId, task, "already committed; finishing its bookkeeping");
        }
        progress.reduceCommitted(jobId, msg.task(), msg.spec());
    }

    private void attempt(ReduceMessage msg, Delivery delivery, TaskId task, int slot) throws Exception {
        String jobId = msg.jobId();
        String key = Keys.stagedPart(jobId, msg.task());
        Path dir = Files.createTempDirectory(services.settings().tmpDir(), "reduce-");
        Map<String, String> metadata = new HashMap<>(Map.of("gristmill-attempt", delivery.attemptId()));
        long started = Times.now();
        try (CommitStream out = services.s3().openCommit(key, metadata)) {
            ReduceTask.Result result;
            try {
                List<ReduceInput> inputs = ReduceMessage.inputs(msg, services.s3());
                List<Segment> segments = ShuffleFetcher.fetch(services.s3(), jobId, inputs, dir);
                result = new ReduceTask(msg.spec(), task.toString(), JobFunctions.load(msg.spec()),
                        TaskSettings.defaults(dir)).run(segments, out);
            } catch (Exception e) {
                services.table().recordOutcome(jobId, task, slot, Attempt.FAILED, Files2.describe(e), Times.now());
                throw e;
            }
            String counters = Json.write(result.counters());
            if (counters.length() <= MAX_COUNTERS_METADATA) metadata.put("gristmill-counters", counters);
            boolean won = out.commit();
            long now = Times.now();
            String outcome = won ? Attempt.COMMITTED : Attempt.SUPERSEDED;
            String committed = delivery.attemptId();
            Map<String, Long> committedCounters = result.counters();
            if (!won) {
                Map<String, String> winner = services.s3().head(key).orElseThrow().metadata();
                committed = winner.getOrDefault("gristmill-attempt", "unknown");
                if (winner.containsKey("gristmill-counters")) {
                    committedCounters = MapWorker.counters(Map.of("counters", Json.parseObject(winner.get("gristmill-counters"))));
                }
                Log.info(jobId, task, "attempt " + delivery.attemptId() + " lost the commit to " + committed);
            } else {
                Log.info(jobId, task, "committed " + out.bytes() + " bytes in " + (now - started) + " ms");
            }
            if (!services.table().recordCommit(jobId, task, slot, outcome, committed, null, committedCounters,
                    won ? result.skipped() : List.of(), now)) {
                services.table().recordOutcome(jobId, task, slot, outcome, null, now);
            }
        } finally {
            Files2.deleteTree(dir);
        }
    }
}
