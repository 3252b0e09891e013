package io.gristmill.protocol;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.shuffle.MergeStream;
import io.gristmill.engine.shuffle.RecordCursor;
import io.gristmill.engine.shuffle.RunWriter;
import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.task.Counters;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.MapTask;
import io.gristmill.engine.task.ReduceTask;
import io.gristmill.engine.task.TaskSettings;
import io.gristmill.protocol.cloud.CommitStream;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.MergeMessage;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.message.ReduceMessage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The engine's work: what Lambda and the local cloud run (see {@link TaskRunner}). */
final class EngineRunner implements TaskRunner {

    /** Reading a little past the split's end usually finishes its last line in the same request. */
    static long lookahead(Split s) {
        return Math.max(4096, Math.min(1 << 20, s.length()));
    }

    @Override
    public TaskOutput map(Cloud cloud, MapMessage msg, Delivery delivery, JobFunctions functions, Path dir)
            throws Exception {
        Path file = dir.resolve("output.run");
        MapTask.Result result;
        try (SplitLineReader reader = new SplitLineReader(cloud.objects(), msg.split(), lookahead(msg.split()))) {
            result = new MapTask(msg.spec(), msg.taskId().toString(), functions, TaskSettings.defaults(dir))
                    .run(reader, file);
        }
        String key = Keys.mapOutput(msg.jobId(), msg.task());
        return TaskOutput.run(
                cloud.objects(),
                key,
                result.partitionLengths(),
                result.counters(),
                result.skipped(),
                Files.size(file),
                metadata -> cloud.objects().putIfAbsent(key, file, metadata),
                TaskOutput.Abandon.NOTHING);
    }

    /**
     * Reads each map output of the group whole, in one GET each, all at once: partition by partition,
     * the G segments of partition p are merged into partition p of the merged run. Memory holds one
     * buffer per map output; nothing goes to disk. The merge keeps equal keys in map order, so every
     * attempt writes the same bytes.
     */
    @Override
    public TaskOutput merge(Cloud cloud, MergeMessage msg, Delivery delivery, List<long[]> lengths, Path dir)
            throws Exception {
        int reducers = msg.spec().reducers();
        String key = Keys.mergeOutput(msg.jobId(), msg.task());
        CommitStream stream = cloud.objects().openCommit(key, TaskRunner.earlyMetadata(delivery));
        List<InputStream> inputs = new ArrayList<>();
        try {
            for (int i = 0; i < lengths.size(); i++) {
                long total = 0;
                for (long l : lengths.get(i)) total += l;
                String run = Keys.mapOutput(msg.jobId(), msg.firstMap() + i);
                inputs.add(new BufferedInputStream(cloud.objects().open(run, 0, total), 64 << 10));
            }
            OutputStream out = new BufferedOutputStream(stream, 1 << 16);
            RunWriter writer = new RunWriter(out, reducers);
            long records = 0;
            for (int p = 0; p < reducers; p++) {
                writer.startPartition(p);
                List<RecordCursor> cursors = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    long length = lengths.get(i)[p];
                    if (length > 0) {
                        InputStream segment = new Segment.BoundedInputStream(new KeepOpen(inputs.get(i)), length);
                        cursors.add(new RecordCursor(segment, (int) Math.min(16 << 10, length)));
                    }
                }
                try (MergeStream merged = new MergeStream(cursors)) {
                    while (merged.next()) writer.write(merged);
                }
            }
            records = writer.records();
            long[] merged = writer.finish("{}");
            long bytes = writer.dataBytes();
            Map<String, Long> counters = Map.of(Counters.MERGE_RECORDS, records, Counters.MERGE_BYTES, bytes);
            return TaskOutput.run(
                    cloud.objects(), key, merged, counters, List.of(), stream.bytes(), stream::commit, stream::close);
        } catch (Exception | Error e) {
            stream.close();
            throw e;
        } finally {
            for (InputStream in : inputs) in.close();
        }
    }

    /** A stream whose close leaves the underlying stream open (a segment of a longer read). */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }

    @Override
    public TaskOutput reduce(
            Cloud cloud,
            ReduceMessage msg,
            Delivery delivery,
            List<ReduceInput> inputs,
            JobFunctions functions,
            Path dir)
            throws Exception {
        String key = Keys.stagedPart(msg.jobId(), msg.task());
        // Who is writing is known now; the counters only at the end (see CommitStream.commit).
        CommitStream stream = cloud.objects().openCommit(key, TaskRunner.earlyMetadata(delivery));
        try {
            List<Segment> segments = ShuffleFetcher.fetch(
                    cloud.objects(), msg.jobId(), msg.spec().mergeGroup() > 0, inputs, dir);
            ReduceTask.Result result = new ReduceTask(
                            msg.spec(), msg.taskId().toString(), functions, TaskSettings.defaults(dir))
                    .run(segments, stream);
            return TaskOutput.part(
                    key, result.counters(), result.skipped(), stream.bytes(), stream::commit, stream::close);
        } catch (Exception | Error e) {
            stream.close();
            throw e;
        }
    }
}
