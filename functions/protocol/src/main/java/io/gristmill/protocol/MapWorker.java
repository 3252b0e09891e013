package io.gristmill.protocol;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitLineReader;
import io.gristmill.engine.shuffle.RunIndex;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.engine.task.MapTask;
import io.gristmill.engine.task.TaskSettings;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.ReduceInput;
import io.gristmill.protocol.state.CommitRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A map attempt: read the split (one ranged GET), run the map function, and commit one object
 * holding all R sorted partitions and a footer with their lengths.
 */
public final class MapWorker extends TaskWorker<MapMessage> {

    public MapWorker(Cloud cloud) {
        super(cloud);
    }

    @Override
    protected String describeInput(MapMessage msg) {
        Split s = msg.split();
        return s.gzip()
                ? s.name() + " (gzip, " + s.objectSize() + " bytes)"
                : s.name() + " bytes " + s.start() + "-" + s.end();
    }

    @Override
    protected Output produce(MapMessage msg, Delivery delivery, JobFunctions functions, Path dir) throws Exception {
        Path file = dir.resolve("output.run");
        MapTask.Result result;
        try (SplitLineReader reader = new SplitLineReader(cloud.objects(), msg.split(), lookahead(msg.split()))) {
            result = new MapTask(msg.spec(), msg.taskId().toString(), functions, TaskSettings.defaults(dir))
                    .run(reader, file);
        }
        return new MapOutput(Keys.mapOutput(msg.jobId(), msg.task()), file, result);
    }

    @Override
    protected void committed(MapMessage msg, Long durationMillis, Faults faults) throws Exception {
        progress.mapCommitted(msg.jobId(), msg.task(), msg.maps(), msg.spec(), durationMillis, faults);
    }

    /** Reading a little past the split's end usually finishes its last line in the same request. */
    static long lookahead(Split s) {
        return Math.max(4096, Math.min(1 << 20, s.length()));
    }

    private final class MapOutput implements Output {
        private final String key;
        private final Path file;
        private final MapTask.Result result;

        MapOutput(String key, Path file, MapTask.Result result) {
            this.key = key;
            this.file = file;
            this.result = result;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public Map<String, Long> counters() {
            return result.counters();
        }

        @Override
        public List<String> skipped() {
            return result.skipped();
        }

        @Override
        public long bytes() throws IOException {
            return Files.size(file);
        }

        @Override
        public boolean commit(CommitRecord record) throws IOException {
            return cloud.objects().putIfAbsent(key, file, record.toMetadata());
        }

        /** The partition lengths of the output that stands: ours, or the winner's from its footer. */
        @Override
        public byte[] committedIndex(boolean won) throws IOException {
            if (won) return ReduceInput.packLengths(result.partitionLengths());
            // One suffix-range GET reads a footer of up to R of about 8,000; a larger one takes a second.
            byte[] tail = cloud.objects().readTail(key, 64 << 10);
            int needed = RunIndex.tailLength(tail);
            if (needed > tail.length) tail = cloud.objects().readTail(key, needed);
            RunIndex winner = RunIndex.parse(tail);
            long[] lengths = new long[winner.partitions()];
            for (int p = 0; p < lengths.length; p++) lengths[p] = winner.length(p);
            return ReduceInput.packLengths(lengths);
        }

        @Override
        public void close() {}
    }
}
