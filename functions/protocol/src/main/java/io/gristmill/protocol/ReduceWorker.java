package io.gristmill.protocol;

import io.gristmill.engine.task.JobFunctions;
import io.gristmill.protocol.message.ReduceMessage;
import java.nio.file.Path;

/**
 * A reduce attempt: fetch this partition of every map (or merge) output, merge, reduce, and stream
 * the part into a commit (one conditional put, or a multipart upload whose completion carries the
 * condition). The part is staged under {@code _gristmill/} until the whole job publishes.
 */
public final class ReduceWorker extends TaskWorker<ReduceMessage> {
    private final TaskRunner runner;

    public ReduceWorker(Cloud cloud) {
        this(cloud, TaskRunner.ENGINE);
    }

    public ReduceWorker(Cloud cloud, TaskRunner runner) {
        super(cloud);
        this.runner = runner;
    }

    @Override
    protected String describeInput(ReduceMessage msg) {
        return "partition " + msg.task() + " of every " + (msg.spec().mergeGroup() > 0 ? "merge" : "map") + " output";
    }

    @Override
    protected TaskOutput produce(ReduceMessage msg, Delivery delivery, JobFunctions functions, Path dir)
            throws Exception {
        return runner.reduce(cloud, msg, delivery, msg.inputs(cloud.objects()), functions, dir);
    }

    @Override
    protected void committed(ReduceMessage msg, Long durationMillis, Faults faults) throws Exception {
        progress.reduceCommitted(msg.jobId(), msg.task(), msg.spec(), durationMillis, faults);
    }
}
