package io.gristmill.protocol;

import io.gristmill.engine.files.FileTree;
import io.gristmill.engine.input.BadInputException;
import io.gristmill.engine.job.FaultPoint.Step;
import io.gristmill.engine.job.Sizes;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.protocol.message.TaskMessage;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.CommitRecord;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One attempt at a task, the same for map and reduce: hold the task's message (a lease), record the
 * attempt, produce the output, commit it with a conditional create, record the commit, then tell the
 * job. What differs (what the attempt reads and writes) is {@link #produce}.
 *
 * <p>The commit decides which attempt's output is the task's: the first conditional create wins, and a
 * later attempt (a duplicate delivery, a backup, a retry after a crash) sees the key taken and adopts
 * the winner's output, as its {@link CommitRecord} on the object says. A crash anywhere before the
 * create leaves nothing; a crash after it leaves a committed output that the next delivery finds and
 * records.
 */
public abstract class TaskWorker<M extends TaskMessage> {
    protected final Cloud cloud;
    protected final Progress progress;

    protected TaskWorker(Cloud cloud) {
        this.cloud = cloud;
        this.progress = new Progress(cloud);
    }

    /** What the attempt reads, for people: {@code books/a.txt bytes 0-65536}. */
    protected abstract String describeInput(M msg);

    /** Runs the task's functions into an output that is ready to commit. */
    protected abstract TaskOutput produce(M msg, Delivery delivery, JobFunctions functions, Path dir) throws Exception;

    /** After the task is committed (by this attempt or another): count it, and move the job on. */
    protected abstract void committed(M msg, Long durationMillis, Faults faults) throws Exception;

    public final void run(M msg, Delivery delivery) throws Exception {
        String jobId = msg.jobId();
        TaskId task = msg.taskId();
        boolean map = task.kind() == io.gristmill.protocol.state.TaskKind.MAP; // merges get reduce-side faults
        Faults faults = Faults.forTask(
                cloud,
                jobId,
                msg.spec().chaos(),
                map,
                task.index(),
                delivery.receiveCount(),
                msg.maps(),
                msg.spec().reducers());
        try (Lease lease = new Lease(
                        cloud, delivery, msg.spec().recovery(), jobId, task, () -> phaseMedian(jobId, task))
                .start()) {
            Optional<JobStatus> job = cloud.table().jobStatus(jobId);
            if (job.isEmpty() || job.get().finished()) {
                Log.info(jobId, task, "job is " + job.map(JobStatus::name).orElse("gone") + "; nothing to do");
                return;
            }
            long now = cloud.clock().now();
            Optional<Integer> slot = cloud.table()
                    .startAttempt(
                            jobId,
                            task,
                            Attempt.started(delivery.attemptId(), delivery.receiveCount(), delivery.worker(), now),
                            describeInput(msg),
                            now);
            Long duration = null;
            if (slot.isPresent()) {
                // Names the job in the log before any user code runs, so an attempt that crashes is found by job.
                Log.info(
                        jobId,
                        task,
                        "attempt " + delivery.attemptId() + " started (delivery " + delivery.receiveCount() + ")");
                try (LastWords.Attempt words = LastWords.watch(cloud, jobId, task, slot.get(), delivery)) {
                    lease.onExpiry((reason, byJob) -> expired(words, reason, byJob));
                    Ended ended = attempt(msg, delivery, slot.get(), faults, lease, words);
                    if (ended.jobFailed()) return;
                    duration = ended.durationMillis();
                }
            } else {
                Log.info(jobId, task, "already committed; finishing its bookkeeping");
            }
            lease.committed();
            committed(msg, duration, faults);
        }
    }

    private java.util.OptionalLong phaseMedian(String jobId, TaskId task) {
        try {
            return cloud.table().phaseMedian(jobId, task.kind());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The attempt ran out of time: it says so and lets its task run again. Stopped by the job's own
     * task timeout, it ends here where a process is one instance (as Lambda's timeout would end it);
     * where instances share a JVM, a thread cannot be stopped, and the attempt is left to finish
     * without committing ({@link AttemptTimedOut}).
     */
    private void expired(LastWords.Attempt words, String reason, boolean byJob) {
        words.speak(reason);
        if (byJob && cloud.crashMode() == Cloud.CrashMode.HALT) {
            Runtime.getRuntime().halt(LastWords.TIMED_OUT_STATUS);
        }
    }

    /**
     * How an attempt that returned ended.
     *
     * @param durationMillis its duration, if its output is the one committed
     * @param jobFailed it found that its task cannot succeed, and failed the job
     */
    private record Ended(Long durationMillis, boolean jobFailed) {}

    /** Produces and commits the output. */
    private Ended attempt(M msg, Delivery delivery, int slot, Faults faults, Lease lease, LastWords.Attempt words)
            throws Exception {
        String jobId = msg.jobId();
        TaskId task = msg.taskId();
        faults.at(Step.START);
        Path dir = Files.createTempDirectory(cloud.tmpDir(), task.kind().word() + "-");
        long started = cloud.clock().now();
        TaskOutput out = null;
        try {
            try {
                JobFunctions functions = JobFunctions.load(msg.spec()).decorate(faults::wrap, faults::wrap);
                out = produce(msg, delivery, functions, dir);
            } catch (OutOfMemoryError e) {
                out = null; // what the attempt held is garbage now, so the words below have room
                words.speak("ran out of memory: " + e + " (a heap of "
                        + Sizes.format(Runtime.getRuntime().maxMemory())
                        + "); give the " + task.kind().word() + " function more memory, or hold less per record or"
                        + " key");
                throw e;
            } catch (Exception e) {
                if (lease.expired()) throw new AttemptTimedOut(task, e);
                cloud.table()
                        .recordOutcome(
                                jobId,
                                task,
                                slot,
                                Outcome.FAILED,
                                Log.describe(e),
                                cloud.clock().now());
                if (badInput(e) instanceof BadInputException bad) {
                    // No retry can read it: fail the job now, naming the object, rather than after every attempt.
                    progress.publisher().fail(jobId, "task " + task + " cannot succeed: " + bad.getMessage());
                    return new Ended(null, true);
                }
                throw e;
            }
            faults.straggle(cloud.clock().now() - started);
            if (lease.expired()) throw new AttemptTimedOut(task, null);
            faults.at(Step.BEFORE_COMMIT);
            CommitRecord mine = CommitRecord.of(delivery.attemptId(), delivery.worker(), out.counters(), out.skipped());
            boolean won = out.commit(mine);
            faults.at(Step.AFTER_COMMIT);
            long now = cloud.clock().now();
            CommitRecord committed = won ? mine : winner(out, mine);
            if (won) {
                Log.info(jobId, task, "committed " + out.bytes() + " bytes in " + (now - started) + " ms");
            } else {
                Log.info(jobId, task, "attempt " + delivery.attemptId() + " lost the commit to " + committed.attempt());
            }
            Outcome outcome = won ? Outcome.COMMITTED : Outcome.SUPERSEDED;
            if (!cloud.table().recordCommit(jobId, task, slot, outcome, committed, out.committedIndex(won), now)) {
                cloud.table().recordOutcome(jobId, task, slot, outcome, null, now);
            }
            faults.at(Step.AFTER_DONE);
            return new Ended(won ? now - started : null, false);
        } finally {
            if (out != null) out.close();
            FileTree.delete(dir);
        }
    }

    /** The non-retryable input error behind {@code e}, if there is one. */
    private static Throwable badInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException) return t;
        }
        return null;
    }

    /**
     * The winner's commit record, from its object; what the record leaves out (it did not fit) is
     * taken from this attempt, which ran the same deterministic functions on the same input.
     */
    private CommitRecord winner(TaskOutput out, CommitRecord mine) throws IOException {
        CommitRecord theirs = cloud.objects()
                .head(out.key())
                .flatMap(o -> CommitRecord.fromMetadata(o.metadata()))
                .orElseThrow(() -> new IllegalStateException(
                        cloud.objects().uri(out.key()) + " was committed without a commit record"));
        return new CommitRecord(
                theirs.attempt(),
                theirs.worker(),
                theirs.counters().or(mine::counters),
                theirs.skipped().or(mine::skipped));
    }
}
