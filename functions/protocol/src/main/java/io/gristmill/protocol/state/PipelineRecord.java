package io.gristmill.protocol.state;

import io.gristmill.engine.job.Pipeline;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline as the table holds it: its definition (the parsed manifest, with its output filled in),
 * its state, and where each finished stage's result is (the next stages read it).
 *
 * @param definition the pipeline; empty for one that failed before it could be read
 * @param results the output prefix of each stage that finished, by stage index
 * @param output the pipeline's output, as an {@code s3://} URI
 */
public record PipelineRecord(
        String pipelineId,
        String name,
        PipelineStatus status,
        Optional<Pipeline> definition,
        String trigger,
        String output,
        long createdAt,
        Long finishedAt,
        Map<Integer, String> results,
        String error) {

    /** Reads a stored definition (written by {@link Pipeline#toJson}, so trusted). */
    public static Pipeline definition(String json) {
        try {
            return Pipeline.parse(json, "(stored)");
        } catch (io.gristmill.engine.job.JobSpecException e) {
            throw new IllegalStateException("corrupt pipeline definition: " + e.getMessage(), e);
        }
    }

    /** The output prefix (a key, without the bucket). */
    public String outputPrefix() {
        return definition.map(Pipeline::output).orElse("output/" + pipelineId + "/");
    }
}
