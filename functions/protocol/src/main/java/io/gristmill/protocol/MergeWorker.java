package io.gristmill.protocol;

import io.gristmill.engine.task.JobFunctions;
import io.gristmill.protocol.message.MergeMessage;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A merge attempt, in a two-level shuffle: merge a group of G map outputs into one run of R sorted
 * partitions, so that each reduce task fetches M/G ranges instead of M. The group's partition lengths
 * come from its map tasks' items; each map output is then read whole, in one GET.
 */
public final class MergeWorker extends TaskWorker<MergeMessage> {
    private final TaskRunner runner;

    public MergeWorker(Cloud cloud) {
        this(cloud, TaskRunner.ENGINE);
    }

    public MergeWorker(Cloud cloud, TaskRunner runner) {
        super(cloud);
        this.runner = runner;
    }

    @Override
    protected String describeInput(MergeMessage msg) {
        return "map outputs " + TaskId.map(msg.firstMap()) + " to " + TaskId.map(msg.endMap() - 1);
    }

    @Override
    protected TaskOutput produce(MergeMessage msg, Delivery delivery, JobFunctions functions, Path dir)
            throws Exception {
        List<long[]> lengths = new ArrayList<>();
        for (int m = msg.firstMap(); m < msg.endMap(); m++) {
            TaskRecord t = cloud.table().task(msg.jobId(), TaskId.map(m)).orElse(null);
            if (t == null || !t.done() || t.runIndex() == null) {
                throw new IllegalStateException(TaskId.map(m) + " of " + msg.jobId() + " is not DONE in the table;"
                        + " a merge task starts only after every map task committed");
            }
            lengths.add(ReduceInput.unpackLengths(t.runIndex(), msg.spec().reducers()));
        }
        return runner.merge(cloud, msg, delivery, lengths, dir);
    }

    @Override
    protected void committed(MergeMessage msg, Long durationMillis, Faults faults) throws Exception {
        progress.mergeCommitted(msg.jobId(), msg.task(), msg.maps(), msg.spec(), durationMillis, faults);
    }
}
