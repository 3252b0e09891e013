package io.gristmill.aws;

import java.util.Set;

/**
 * A job's item in the table (key {@code JOB#<id>}, {@code #JOB}).
 *
 * @param mapsDone indexes of the map tasks that have committed; a set, so that recording a
 *     completion twice (a redelivered message) counts it once
 * @param error why the job failed
 * @param lastError the latest problem of its coordinator, which a retry may still overcome
 * @param reducesQueued whether every reduce task was sent (the phase change and the sends are
 *     separate steps; a crash between them is finished by the redelivered message)
 */
public record JobItem(
        String jobId,
        String name,
        JobStatus status,
        String specJson,
        String trigger,
        String output,
        long createdAt,
        Long mapsEndedAt,
        Long finishedAt,
        int maps,
        int reducers,
        Set<Integer> mapsDone,
        Set<Integer> reducesDone,
        boolean reducesQueued,
        String error,
        String lastError) {}
