package io.gristmill.protocol.state;

/**
 * Which pipeline a job belongs to: one iteration (from 1) of one stage (from 0) of a pipeline.
 */
public record StageRef(String pipelineId, int stage, int iteration) {
    @Override
    public String toString() {
        return "stage " + (stage + 1) + (iteration > 1 ? " iteration " + iteration : "") + " of pipeline " + pipelineId;
    }
}
