package io.gristmill.protocol.state;

import io.gristmill.engine.job.JobSpec;
import java.util.Map;
import java.util.Optional;

/**
 * A job as the table holds it.
 *
 * @param spec the complete spec; empty for a job that failed before it had one (a manifest that
 *     could not be read)
 * @param output where the job writes, as an {@code s3://} URI
 * @param maps M, or -1 before planning; {@code reducers} likewise
 * @param mapsDone how many map tasks have committed (each counted once, however often reported)
 * @param reducesQueued whether every reduce task was sent (the phase change and the sends are
 *     separate steps; a crash between them is finished by the redelivered message)
 * @param mergesDone how many merge tasks have committed (a two-level shuffle's)
 * @param mergesQueued whether every merge task was sent, as {@code reducesQueued}
 * @param error why the job failed
 * @param lastError the latest problem of its coordinator, which a retry may still overcome
 * @param stage the pipeline stage this job runs, if it is one
 * @param counters the job's counters, summed over its committed tasks, once it SUCCEEDED (else empty)
 */
public record JobRecord(
        String jobId,
        String name,
        JobStatus status,
        Optional<JobSpec> spec,
        String trigger,
        String output,
        long createdAt,
        Long mapsEndedAt,
        Long finishedAt,
        int maps,
        int reducers,
        int mapsDone,
        int reducesDone,
        boolean reducesQueued,
        String error,
        String lastError,
        int mergesDone,
        boolean mergesQueued,
        Optional<StageRef> stage,
        Map<String, Long> counters) {

    /** How many merge tasks the job has: 0 unless its shuffle has two levels. */
    public int merges() {
        return spec.map(s -> s.mergeTasks(Math.max(maps, 0))).orElse(0);
    }

    /** The output prefix (a key, without the bucket): the spec's, or the default for a job without one. */
    public String outputPrefix() {
        return spec.map(JobSpec::output).orElse("output/" + jobId + "/");
    }
}
