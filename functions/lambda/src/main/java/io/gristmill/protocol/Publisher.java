package io.gristmill.protocol;

import io.gristmill.aws.JobItem;
import io.gristmill.aws.JobStatus;
import io.gristmill.aws.TaskId;
import io.gristmill.aws.TaskItem;
import io.gristmill.aws.Times;
import io.gristmill.engine.job.JobSpec;
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
    private final Services services;

    public Publisher(Services services) {
        this.services = services;
    }

    public void publish(String jobId, JobSpec spec, Faults faults) throws Exception {
        JobItem job = services.table().getJob(jobId).orElseThrow();
        if (job.status().finished()) return;
        int half = spec.reducers() / 2;
        copyParts(jobId, spec, 0, half);
        faults.at("publish.midCopy");
        copyParts(jobId, spec, half, spec.reducers());
        faults.at("publish.afterCopy");
        long now = Times.now();
        writeSummary(job, spec, JobStatus.SUCCEEDED, null, now);
        faults.at("publish.afterSummary");
        services.s3().putIfAbsent(Keys.success(spec.output()), "", "text/plain");
        faults.at("publish.afterSuccess");
        if (services.table().succeed(jobId, now)) {
            Log.info(jobId, null, "SUCCEEDED: output in " + services.s3().uri(spec.output()));
        }
    }

    private void copyParts(String jobId, JobSpec spec, int from, int to) throws Exception {
        if (from >= to) return;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, to - from));
        try {
            List<Future<?>> copies = new ArrayList<>();
            for (int r = from; r < to; r++) {
                int part = r;
                copies.add(pool.submit(() -> services.s3().copy(Keys.stagedPart(jobId, part),
                        spec.output() + Keys.partName(part))));
            }
            for (Future<?> f : copies) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Fails a job that has not finished, recording why in the table and in {@code _JOB.json}. */
    public void fail(String jobId, String error) {
        fail(jobId, error, null);
    }

    /**
     * Fails a job, writing its {@code _JOB.json} under {@code summaryPrefix} instead of its output
     * prefix (used when the output prefix holds someone else's data).
     */
    public void fail(String jobId, String error, String summaryPrefix) {
        JobItem job = services.table().getJob(jobId).orElseThrow();
        if (job.status().finished()) return;
        long now = Times.now();
        // The summary first, as on success: once the table says a job finished, _JOB.json is there.
        writeSummary(job, JobSpec.fromJson(job.specJson()), JobStatus.FAILED, error, now, summaryPrefix);
        if (services.table().fail(jobId, error, now)) Log.warn(jobId, null, "FAILED: " + error);
    }

    void writeSummary(JobItem job, JobSpec spec, JobStatus status, String error, long finishedAt) {
        writeSummary(job, spec, status, error, finishedAt, null);
    }

    /** Writes {@code _JOB.json} once (a conditional put: the first summary of a job stands). */
    private void writeSummary(JobItem job, JobSpec spec, JobStatus status, String error, long finishedAt,
            String summaryPrefix) {
        String output = spec.output() != null ? spec.output() : Keys.defaultOutput(job.jobId());
        JobSpec withOutput = spec.output() != null ? spec : spec.withOutput(output);
        List<TaskItem> maps = services.table().tasks(job.jobId(), TaskId.Kind.MAP);
        List<TaskItem> reduces = services.table().tasks(job.jobId(), TaskId.Kind.REDUCE);
        var summary = JobSummary.build(job, withOutput, services.s3().bucket(), maps, reduces, status, error, finishedAt);
        services.s3().putIfAbsent(Keys.summary(summaryPrefix != null ? summaryPrefix : output),
                JobSummary.toJson(summary), "application/json");
    }
}
