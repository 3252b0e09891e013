package io.gristmill.protocol;

import io.gristmill.engine.task.JobFunctions;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.MergeMessage;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.state.CommitRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a task computes from its input into its output: the engine's map, merge and reduce work. Lambda
 * and the local cloud run {@link #ENGINE}; the simulator substitutes a calibrated cost model that
 * makes outputs of the modelled size without processing bytes. Everything around it (the attempt,
 * its lease, the commit, the bookkeeping) is the protocol's and runs unchanged.
 */
public interface TaskRunner {
    TaskRunner ENGINE = new EngineRunner();

    /** Reads the split and runs the map function into a run of R partitions, ready to commit. */
    TaskOutput map(Cloud cloud, MapMessage msg, Delivery delivery, JobFunctions functions, Path dir) throws Exception;

    /**
     * Merges a group of map outputs into one run.
     *
     * @param lengths the partition lengths of each map output of the group, in order
     */
    TaskOutput merge(Cloud cloud, MergeMessage msg, Delivery delivery, List<long[]> lengths, Path dir) throws Exception;

    /** Fetches this partition of every run, merges, and runs the reduce function into a part. */
    TaskOutput reduce(
            Cloud cloud,
            ReduceMessage msg,
            Delivery delivery,
            List<ReduceInput> inputs,
            JobFunctions functions,
            Path dir)
            throws Exception;

    /**
     * The metadata a streamed output starts with: who writes it, known before its counters. S3 takes a
     * multipart upload's metadata when it begins, so a winner that went out in parts is still named.
     */
    static Map<String, String> earlyMetadata(Delivery delivery) {
        return new CommitRecord(delivery.attemptId(), delivery.worker(), Optional.empty(), Optional.empty())
                .toMetadata();
    }
}
