package io.gristmill.protocol;

import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.Pipeline;
import io.gristmill.protocol.cloud.WorkQueue;
import io.gristmill.protocol.message.StageMessage;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.PipelineStatus;
import io.gristmill.protocol.state.PipelineSummary;
import io.gristmill.protocol.state.StageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline moves on when a stage's job publishes: the publication asks the coordinator (through
 * its queue) to start the next stage, or, after the last, ends the pipeline. A stage that fails
 * fails the pipeline, and nothing after it starts. Every step is safe to repeat: a stage's job id is
 * fixed, so asking twice starts it once, and the pipeline's end is a conditional write.
 */
final class Pipelines {
    static final String SUMMARY = "_PIPELINE.json";

    private final Cloud cloud;

    Pipelines(Cloud cloud) {
        this.cloud = cloud;
    }

    /**
     * A stage's job published its output: start what comes next, or end the pipeline. Runs before the
     * job is marked SUCCEEDED, so a crash in between is finished by the redelivered message.
     *
     * @param summary the job's summary, whose counters decide whether a repeating stage goes on
     */
    void stageSucceeded(JobRecord job, StageRef ref, JobSummary summary, Faults faults) throws Exception {
        PipelineRecord record = cloud.table().pipeline(ref.pipelineId()).orElseThrow();
        if (record.status().finished()) return;
        Pipeline pipeline = record.definition().orElseThrow();
        Optional<int[]> next = pipeline.next(ref.stage(), ref.iteration(), summary.counters());
        if (next.isEmpty() || next.get()[0] != ref.stage()) {
            // The stage is done: its last iteration's output is what later stages read.
            cloud.table()
                    .recordStageResult(
                            ref.pipelineId(),
                            ref.stage(),
                            job.outputPrefix(),
                            cloud.clock().now());
        }
        if (next.isPresent()) {
            StageMessage start = new StageMessage(ref.pipelineId(), next.get()[0], next.get()[1]);
            cloud.queues().send(WorkQueue.COORDINATOR, List.of(start.toJson()));
            Log.info(job.jobId(), null, "asked for " + new StageRef(ref.pipelineId(), next.get()[0], next.get()[1]));
            faults.at(FaultPoint.PUBLISH_AFTER_NEXT_STAGE);
        } else {
            finish(ref.pipelineId(), PipelineStatus.SUCCEEDED, null, Optional.of(summary));
        }
    }

    /** A stage's job failed: the pipeline fails with that stage's reason. */
    void stageFailed(JobRecord job, StageRef ref, String error) throws Exception {
        Optional<PipelineRecord> record = cloud.table().pipeline(ref.pipelineId());
        if (record.isEmpty() || record.get().status().finished()) return;
        String stage = record.get()
                .definition()
                .map(p -> p.stages().get(ref.stage()).name())
                .orElse("?");
        fail(
                ref.pipelineId(),
                "stage " + (ref.stage() + 1) + " ('" + stage + "'"
                        + (ref.iteration() > 1 ? ", iteration " + ref.iteration() : "") + ", job " + job.jobId()
                        + ") failed: "
                        + error);
    }

    /** Fails a pipeline that has not finished, saying why in the table and in {@code _PIPELINE.json}. */
    void fail(String pipelineId, String error) throws Exception {
        finish(pipelineId, PipelineStatus.FAILED, error, Optional.empty());
    }

    /** The summary first, as for jobs: once the table says a pipeline ended, its summary is there. */
    private void finish(String pipelineId, PipelineStatus status, String error, Optional<JobSummary> current)
            throws Exception {
        PipelineRecord record = cloud.table().pipeline(pipelineId).orElseThrow();
        if (record.status().finished()) return;
        long now = cloud.clock().now();
        PipelineSummary summary = summary(record, status, error, now, current);
        cloud.objects().putIfAbsent(record.outputPrefix() + SUMMARY, summary.toJson(), "application/json");
        if (cloud.table().finishPipeline(pipelineId, status, error, now)) {
            if (status == PipelineStatus.SUCCEEDED) {
                Log.info(
                        pipelineId,
                        null,
                        "pipeline SUCCEEDED: output in " + cloud.objects().uri(record.outputPrefix()));
            } else {
                Log.warn(pipelineId, null, "pipeline FAILED: " + error);
            }
        }
    }

    /**
     * Every stage's jobs, found by their fixed ids. The job publishing right now is not marked
     * SUCCEEDED yet: {@code current} stands in for it.
     */
    private PipelineSummary summary(
            PipelineRecord record, PipelineStatus status, String error, long now, Optional<JobSummary> current)
            throws Exception {
        List<PipelineSummary.Stage> stages = new ArrayList<>();
        if (record.definition().isPresent()) {
            Pipeline p = record.definition().get();
            for (int s = 0; s < p.stages().size(); s++) {
                List<PipelineSummary.Run> runs = new ArrayList<>();
                for (int i = 1; i <= p.stages().get(s).repeat(); i++) {
                    String jobId = p.stageJobId(record.pipelineId(), s, i);
                    Optional<JobSummary> mine = current.filter(c -> c.job().equals(jobId));
                    if (mine.isPresent()) {
                        JobSummary c = mine.get();
                        runs.add(new PipelineSummary.Run(
                                jobId,
                                i,
                                JobStatus.SUCCEEDED,
                                p.stageOutput(s, i),
                                c.created(),
                                c.finished(),
                                c.counters(),
                                null));
                        continue;
                    }
                    Optional<JobRecord> job = cloud.table().job(jobId);
                    if (job.isEmpty()) break;
                    JobRecord j = job.get();
                    runs.add(new PipelineSummary.Run(
                            jobId,
                            i,
                            j.status(),
                            j.outputPrefix(),
                            j.createdAt(),
                            j.finishedAt(),
                            j.counters(),
                            j.error()));
                }
                stages.add(new PipelineSummary.Stage(s, p.stages().get(s).name(), runs));
            }
        }
        return new PipelineSummary(
                record.pipelineId(),
                record.name(),
                status,
                error,
                record.trigger(),
                cloud.objects().uri(record.outputPrefix()),
                record.createdAt(),
                now,
                stages);
    }

    /** Where a stage's earlier stages' results are, for building its manifest. */
    static List<String> results(Map<Integer, String> byStage, int upTo) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < upTo; s++) {
            String r = byStage.get(s);
            if (r == null) throw new IllegalStateException("stage " + (s + 1) + " has no recorded result yet");
            out.add(r);
        }
        return out;
    }
}
