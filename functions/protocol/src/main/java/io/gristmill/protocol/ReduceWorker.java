package io.gristmill.protocol;

import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.ReduceTask;
import io.gristmill.engine.task.TaskSettings;
import io.gristmill.protocol.cloud.CommitStream;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.state.CommitRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reduce attempt: fetch this partition of every map output, merge, reduce, and stream the part
 * into a commit (one conditional put, or a multipart upload whose completion carries the condition).
 * The part is staged under {@code _gristmill/} until the whole job publishes.
 */
public final class ReduceWorker extends TaskWorker<ReduceMessage> {

    public ReduceWorker(Cloud cloud) {
        super(cloud);
    }

    @Override
    protected String describeInput(ReduceMessage msg) {
        return "partition " + msg.task() + " of every map output";
    }

    @Override
    protected Output produce(ReduceMessage msg, Delivery delivery, JobFunctions functions, Path dir) throws Exception {
        String key = Keys.stagedPart(msg.jobId(), msg.task());
        // Who is writing is known now; the counters only at the end (see CommitStream.commit).
        CommitRecord early =
                new CommitRecord(delivery.attemptId(), delivery.worker(), Optional.empty(), Optional.empty());
        CommitStream stream = cloud.objects().openCommit(key, early.toMetadata());
        try {
            List<ReduceInput> inputs = msg.inputs(cloud.objects());
            List<Segment> segments = ShuffleFetcher.fetch(cloud.objects(), msg.jobId(), inputs, dir);
            ReduceTask.Result result = new ReduceTask(
                            msg.spec(), msg.taskId().toString(), functions, TaskSettings.defaults(dir))
                    .run(segments, stream);
            return new ReduceOutput(key, stream, result);
        } catch (Exception | Error e) {
            stream.close();
            throw e;
        }
    }

    @Override
    protected void committed(ReduceMessage msg, Long durationMillis, Faults faults) throws Exception {
        progress.reduceCommitted(msg.jobId(), msg.task(), msg.spec(), durationMillis, faults);
    }

    private record ReduceOutput(String key, CommitStream stream, ReduceTask.Result result) implements Output {
        @Override
        public Map<String, Long> counters() {
            return result.counters();
        }

        @Override
        public List<String> skipped() {
            return result.skipped();
        }

        @Override
        public long bytes() {
            return stream.bytes();
        }

        @Override
        public boolean commit(CommitRecord record) throws IOException {
            return stream.commit(record.toMetadata());
        }

        @Override
        public byte[] committedIndex(boolean won) {
            return null; // a part is read whole: nothing to index
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
