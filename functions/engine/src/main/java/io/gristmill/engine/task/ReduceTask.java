package io.gristmill.engine.task;

import io.gristmill.api.Reducer;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.shuffle.KeyGroups;
import io.gristmill.engine.shuffle.Merger;
import io.gristmill.engine.shuffle.RecordStream;
import io.gristmill.engine.shuffle.Segment;
import io.gristmill.engine.shuffle.ShuffleIOException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Merges one partition of every map output in key order and calls the reduce function once per key,
 * writing {@code key<TAB>value} lines. Memory is bounded by the merge's fan-in and buffers, never by
 * the size of the partition.
 */
public final class ReduceTask {
    private final JobSpec spec;
    private final String taskId;
    private final JobFunctions functions;
    private final TaskSettings settings;

    public record Result(Map<String, Long> counters, List<String> skipped) {}

    public ReduceTask(JobSpec spec, String taskId, JobFunctions functions, TaskSettings settings) {
        this.spec = spec;
        this.taskId = taskId;
        this.functions = functions;
        this.settings = settings;
    }

    /**
     * @param inputs this partition's segment of each map output (empty ones may be left out)
     * @param out where the part's text goes; flushed, not closed
     */
    public Result run(List<Segment> inputs, OutputStream out) throws IOException {
        Counters counters = new Counters();
        BasicTaskContext context = new BasicTaskContext(spec, taskId, counters);
        Reducer reducer = functions.newReducer();
        try {
            reducer.setup(context);
        } catch (Exception e) {
            throw new TaskFailure("reduce task setup failed: " + TaskFailure.describe(e), e);
        }
        long shuffleBytes = 0;
        for (Segment s : inputs) shuffleBytes += s.length();
        List<String> skipped = new ArrayList<>();
        TextOutput output = new TextOutput(out, counters);
        long groupCount = 0;
        try (RecordStream merged =
                Merger.open(inputs, settings.mergeFanIn(), settings.ioBufferBytes(), settings.tmpDir())) {
            KeyGroups groups = new KeyGroups(merged);
            while (groups.nextKey()) {
                groupCount++;
                String key = groups.keyString();
                try {
                    reducer.reduce(key, groups.values(), output);
                } catch (ShuffleIOException e) {
                    throw e.getCause();
                } catch (Exception e) {
                    if (!spec.skipBadRecords()) {
                        throw new TaskFailure(
                                "reduce function failed on key '" + abbreviate(key) + "': " + TaskFailure.describe(e),
                                e);
                    }
                    counters.add(Counters.REDUCE_SKIPPED_GROUPS, 1);
                    if (skipped.size() < MapTask.MAX_LISTED_SKIPS) {
                        skipped.add("key '" + abbreviate(key) + "': " + TaskFailure.describe(e));
                    }
                }
            }
            counters.add(Counters.REDUCE_INPUT_RECORDS, groups.records());
            reducer.cleanup(output);
            output.flush();
        } catch (ShuffleIOException e) {
            throw e.getCause();
        } catch (IOException | TaskFailure e) {
            throw e;
        } catch (Exception e) {
            throw new TaskFailure("reduce function's cleanup failed: " + TaskFailure.describe(e), e);
        }
        counters.add(Counters.REDUCE_SHUFFLE_BYTES, shuffleBytes);
        counters.add(Counters.REDUCE_INPUT_GROUPS, groupCount);
        counters.add(Counters.REDUCE_OUTPUT_RECORDS, output.records());
        counters.add(Counters.REDUCE_OUTPUT_BYTES, output.bytes());
        return new Result(counters.snapshot(), List.copyOf(skipped));
    }

    static String abbreviate(String key) {
        return key.length() <= 80 ? key : key.substring(0, 77) + "...";
    }
}
