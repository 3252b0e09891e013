package io.gristmill.protocol.cloud;

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
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Job and task state. Every write touches one record and the ones that move a job or task on are
 * conditional, so that each step of the protocol is idempotent on its own: a duplicate or late
 * message repeats a step harmlessly (docs/failure-model.md). No transactions are needed.
 */
public interface JobTable {

    // ---- triggers: which upload started which job

    /**
     * Records an upload event for a key unless a newer event for that key was seen (events come at
     * least once and in any order; {@code sequencer} orders those of one key). The same event again
     * returns true, so a redelivered event resumes the job it started.
     */
    boolean claimTrigger(String bucket, String key, String sequencer, String jobId, long now) throws IOException;

    /** The job that the newest event for an uploaded key started, if any. */
    Optional<String> triggeredJob(String bucket, String key) throws IOException;

    // ---- jobs

    /** A job's first record; false if it exists already (a duplicate event got there first). */
    record NewJob(
            String jobId,
            String name,
            Optional<String> specJson,
            String trigger,
            String output,
            Optional<StageRef> stage) {
        public NewJob(String jobId, String name, Optional<String> specJson, String trigger, String output) {
            this(jobId, name, specJson, trigger, output, Optional.empty());
        }
    }

    boolean createJob(NewJob job, long now) throws IOException;

    Optional<JobRecord> job(String jobId) throws IOException;

    /** Only the job's status: what every attempt checks before it starts (cheap however large the job). */
    Optional<JobStatus> jobStatus(String jobId) throws IOException;

    /** PLANNING to MAPPING, storing M, R and the final spec. */
    boolean startMapPhase(String jobId, int maps, int reducers, String specJson, long now) throws IOException;

    /**
     * Counts a committed task in its phase of {@code phaseSize} tasks, in the phase's {@link DoneTree},
     * and returns whether the phase is now complete. Counting the same task twice counts it once, and
     * every call that finds the phase complete says so (the phase change that follows is conditional).
     * The attempt that committed passes its duration, which feeds the phase's median (the backup
     * tasks' yardstick).
     */
    boolean markDone(String jobId, TaskId task, int phaseSize, long now, Long durationMillis) throws IOException;

    /** The median duration of a phase's committed tasks so far; empty while none has committed. */
    OptionalLong phaseMedian(String jobId, TaskKind kind) throws IOException;

    /**
     * PLANNING or MAPPING to MERGING, for a two-level shuffle; false if another message made the
     * change (or the job ended).
     */
    boolean startMergePhase(String jobId, long now) throws IOException;

    void markMergesQueued(String jobId, long now) throws IOException;

    /**
     * PLANNING, MAPPING or MERGING to REDUCING; false if another message made the change (or the job
     * ended).
     */
    boolean startReducePhase(String jobId, long now) throws IOException;

    void markReducesQueued(String jobId, long now) throws IOException;

    /** REDUCING to SUCCEEDED, keeping the job's summed counters (for status and pipelines). */
    boolean succeed(String jobId, Map<String, Long> counters, long now) throws IOException;

    /** Any unfinished state to FAILED, recording why; false if the job had already finished. */
    boolean fail(String jobId, String error, long now) throws IOException;

    /** Notes a problem that may yet be retried (shown by status; used if the job dead-letters). */
    void setLastError(String jobId, String error, long now) throws IOException;

    /** The newest jobs first, leaving out those past their retention. */
    List<JobRecord> recentJobs(int limit, long now) throws IOException;

    // ---- pipelines

    /** A pipeline's first record; {@code definitionJson} empty for one that could not be read. */
    record NewPipeline(
            String pipelineId, String name, Optional<String> definitionJson, String trigger, String output) {}

    /** Creates the pipeline's record; false if it exists already (a duplicate event got there first). */
    boolean createPipeline(NewPipeline pipeline, long now) throws IOException;

    Optional<PipelineRecord> pipeline(String pipelineId) throws IOException;

    /** Notes where a finished stage's result is (idempotent: a stage's result never changes). */
    void recordStageResult(String pipelineId, int stage, String outputPrefix, long now) throws IOException;

    /** RUNNING to SUCCEEDED or FAILED ({@code error} then says why); false if it had already finished. */
    boolean finishPipeline(String pipelineId, PipelineStatus status, String error, long now) throws IOException;

    /** The newest pipelines first, leaving out those past their retention. */
    List<PipelineRecord> recentPipelines(int limit, long now) throws IOException;

    // ---- tasks

    /**
     * Records the start of an attempt and returns its position among the task's attempts, or empty
     * when the task is already DONE (this attempt has nothing to do).
     */
    Optional<Integer> startAttempt(String jobId, TaskId task, Attempt attempt, String input, long now)
            throws IOException;

    /**
     * Marks the task DONE with the committed output (whose attempt, its counters, for a map task its
     * partition lengths), and ends attempt {@code slot} with {@code outcome}. False when the task was
     * already DONE (another attempt recorded the same commit).
     */
    boolean recordCommit(
            String jobId, TaskId task, int slot, Outcome outcome, CommitRecord committed, byte[] runIndex, long now)
            throws IOException;

    /** Ends attempt {@code slot} without a commit (failed, superseded); {@code error} may be null. */
    void recordOutcome(String jobId, TaskId task, int slot, Outcome outcome, String error, long now) throws IOException;

    Optional<TaskRecord> task(String jobId, TaskId task) throws IOException;

    /** Every task of a job of one kind that has started, in index order. */
    List<TaskRecord> tasks(String jobId, TaskKind kind) throws IOException;

    /**
     * Every task of a job of one kind that has started, in index order, one at a time: what a reader
     * of a million tasks uses, since the list would not fit in a function's memory.
     */
    default void forEachTask(String jobId, TaskKind kind, java.util.function.Consumer<TaskRecord> each)
            throws IOException {
        for (TaskRecord t : tasks(jobId, kind)) each.accept(t);
    }
}
