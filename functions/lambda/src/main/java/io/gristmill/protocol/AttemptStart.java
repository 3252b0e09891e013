package io.gristmill.protocol;

import io.gristmill.aws.Attempt;
import io.gristmill.aws.JobStatus;
import io.gristmill.aws.TaskId;
import io.gristmill.aws.Times;
import java.util.Optional;

/**
 * How every map and reduce attempt begins: a job that has finished needs nothing; otherwise the
 * attempt is recorded on its task's item, unless the task is already DONE, in which case only the
 * bookkeeping after its commit may remain to be done (a redelivery after a crash).
 */
record AttemptStart(boolean jobOver, Integer slot) {

    boolean started() {
        return slot != null;
    }

    static AttemptStart begin(Services services, String jobId, TaskId task, Delivery delivery, String input) {
        Optional<JobStatus> job = services.table().jobStatus(jobId);
        if (job.isEmpty() || job.get().finished()) {
            Log.info(jobId, task, "job is " + job.map(JobStatus::name).orElse("gone") + "; nothing to do");
            return new AttemptStart(true, null);
        }
        long now = Times.now();
        Optional<Integer> slot = services.table().startAttempt(jobId, task,
                new Attempt(delivery.attemptId(), delivery.receiveCount(), delivery.worker(), now, null, null, null),
                input, now);
        if (slot.isPresent()) {
            // Names the job in the log before any user code runs, so an attempt that crashes is found by job.
            Log.info(jobId, task, "attempt " + delivery.attemptId() + " started (delivery " + delivery.receiveCount() + ")");
        } else {
            Log.info(jobId, task, "already committed; finishing its bookkeeping");
        }
        return new AttemptStart(false, slot.orElse(null));
    }
}
