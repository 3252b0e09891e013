package io.gristmill.protocol;

import io.gristmill.aws.Attempt;
import io.gristmill.aws.CommitStream;
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
        Faults faults = Faults.forTask(msg.jobId(), msg.spec().chaos(), false, msg.task(), delivery.receiveCount(), msg.maps(),
                msg.reducers(), services.settings().crashMode());
        try (Lease lease = new Lease(services.queues(), delivery, msg.spec().recovery(), jobId, task,
                () -> services.table().phaseMedian(jobId, TaskId.Kind.REDUCE)).start()) {
            AttemptStart start = AttemptStart.begin(services, jobId, task, delivery, "partition " + msg.task() + " of every map output");
            if (start.jobOver()) return;
            Long duration = start.started() ? attempt(msg, delivery, task, start.slot(), faults) : null;
            progress.reduceCommitted(jobId, msg.task(), msg.spec(), duration, faults);
        }
    }

    /** Runs and commits the task; returns its duration if this attempt's part is the one committed. */
    private Long attempt(ReduceMessage msg, Delivery delivery, TaskId task, int slot, Faults faults) throws Exception {
        String jobId = msg.jobId();
        faults.at("reduce.start");
        String key = Keys.stagedPart(jobId, msg.task());
        Path dir = Files.createTempDirectory(services.settings().tmpDir(), "reduce-");
        Map<String, String> metadata = new HashMap<>(Map.of("gristmill-attempt", delivery.attemptId()));
        long started = Times.now();
        try (CommitStream out = services.s3().openCommit(key, metadata)) {
            ReduceTask.Result result;
            try {
                List<ReduceInput> inputs = ReduceMessage.inputs(msg, services.s3());
                List<Segment> segments = ShuffleFetcher.fetch(services.s3(), jobId, inputs, dir);
                JobFunctions functions = JobFunctions.load(msg.spec()).decorate(faults::wrap, faults::wrap);
                result = new ReduceTask(msg.spec(), task.toString(), functions, TaskSettings.defaults(dir))
                        .run(segments, out);
            } catch (Exception e) {
                services.table().recordOutcome(jobId, task, slot, Attempt.FAILED, Files2.describe(e), Times.now());
                throw e;
            }
            faults.straggle(Times.now() - started);
            faults.at("reduce.beforeCommit");
            String counters = Json.write(result.counters());
            if (counters.length() <= MAX_COUNTERS_METADATA) metadata.put("gristmill-counters", counters);
            boolean won = out.commit();
            faults.at("reduce.afterCommit");
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
            faults.at("reduce.afterDone");
            return won ? now - started : null;
        } finally {
            Files2.deleteTree(dir);
        }
    }
}
