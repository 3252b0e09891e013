package io.gristmill.protocol;

import io.gristmill.engine.job.FaultPoint;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ends a job. Success: copy every committed part to its final name, write {@code _JOB.json}, write
 * {@code _SUCCESS}, then mark the job SUCCEEDED. Nothing appears under the output prefix before every
 * reduce task has committed, and {@code _SUCCESS} appears last. Every step may run twice (a
 * redelivered message after a crash): copies rewrite identical bytes, the two markers are
 * conditional puts, the status change is conditional.
 */
public final class Publisher {
    static final int PARALLEL_COPIES = 64;

    private final Cloud cloud;
    private final Pipelines pipelines;

    public Publisher(Cloud cloud) {
        this.cloud = cloud;
        this.pipelines = new Pipelines(cloud);
    }

    void publish(String jobId, JobSpec spec, Faults faults) throws Exception {
        JobRecord job = cloud.table().job(jobId).orElseThrow();
        if (job.status().finished()) return;
        int half = spec.reducers() / 2;
        // Server-side copies, many at once: a terabyte of parts at one copy's rate would outlast
        // the function's 15 minutes (docs/scale.md).
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL_COPIES, spec.reducers())));
        try {
            copyParts(pool, jobId, spec, 0, half);
            faults.at(FaultPoint.PUBLISH_MID_COPY);
            copyParts(pool, jobId, spec, half, spec.reducers());
        } finally {
            pool.shutdownNow();
        }
        faults.at(FaultPoint.PUBLISH_AFTER_COPY);
        long now = cloud.clock().now();
        JobSummary summary = writeSummary(job, JobStatus.SUCCEEDED, null, now, spec.output());
        faults.at(FaultPoint.PUBLISH_AFTER_SUMMARY);
        cloud.objects().putIfAbsent(Keys.success(spec.output()), "", "text/plain");
        faults.at(FaultPoint.PUBLISH_AFTER_SUCCESS);
        if (job.stage().isPresent()) pipelines.stageSucceeded(job, job.stage().get(), summary, faults);
        if (cloud.table().succeed(jobId, summary.counters(), now)) {
            Log.info(jobId, null, "SUCCEEDED: output in " + cloud.objects().uri(spec.output()));
        }
    }

    private void copyParts(ExecutorService pool, String jobId, JobSpec spec, int from, int to) throws Exception {
        List<Future<?>> copies = new ArrayList<>();
        for (int r = from; r < to; r++) {
            int part = r;
            copies.add(pool.submit(() -> {
                cloud.objects().copy(Keys.stagedPart(jobId, part), spec.output() + Keys.partName(part));
                return null;
            }));
        }
        for (Future<?> f : copies) f.get();
    }

    /** Fails a job that has not finished, recording why in the table and in {@code _JOB.json}. */
    public void fail(String jobId, String error) throws Exception {
        fail(jobId, error, null);
    }

    /**
     * Fails a job, writing its {@code _JOB.json} under {@code summaryPrefix} instead of its output
     * prefix (used when the output prefix holds someone else's data).
     */
    void fail(String jobId, String error, String summaryPrefix) throws Exception {
        JobRecord job = cloud.table().job(jobId).orElseThrow();
        if (job.status().finished()) {
            // A pipeline hears of its stage's failure even when a crash came between the two.
            if (job.status() == JobStatus.FAILED && job.stage().isPresent()) {
                pipelines.stageFailed(job, job.stage().get(), job.error());
            }
            return;
        }
        long now = cloud.clock().now();
        // The summary first, as on success: once the table says a job finished, _JOB.json is there.
        writeSummary(job, JobStatus.FAILED, error, now, summaryPrefix != null ? summaryPrefix : job.outputPrefix());
        if (cloud.table().fail(jobId, error, now)) Log.warn(jobId, null, "FAILED: " + error);
        if (job.stage().isPresent()) pipelines.stageFailed(job, job.stage().get(), error);
    }

    /** Fails a pipeline (before or between its stages' jobs), saying why in {@code _PIPELINE.json}. */
    void failPipeline(String pipelineId, String error) throws Exception {
        pipelines.fail(pipelineId, error);
    }

    /** Writes {@code _JOB.json} once (a conditional put: the first summary of a job stands). */
    private JobSummary writeSummary(JobRecord job, JobStatus status, String error, long finishedAt, String prefix)
            throws Exception {
        JobSummary.Builder summary =
                JobSummary.builder(job, (long) Math.max(job.maps(), 0) + job.merges() + Math.max(job.reducers(), 0));
        cloud.table().forEachTask(job.jobId(), TaskKind.MAP, summary::add);
        if (job.merges() > 0) cloud.table().forEachTask(job.jobId(), TaskKind.MERGE, summary::add);
        cloud.table().forEachTask(job.jobId(), TaskKind.REDUCE, summary::add);
        JobSummary built = summary.build(cloud.objects().uri(job.outputPrefix()), status, error, finishedAt);
        cloud.objects().putIfAbsent(Keys.summary(prefix), built.toJson(), "application/json");
        return built;
    }
}
