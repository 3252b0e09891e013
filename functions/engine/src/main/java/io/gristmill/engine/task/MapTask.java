package io.gristmill.engine.task;

import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.engine.fast.LineMapper;
import io.gristmill.engine.input.LineView;
import io.gristmill.engine.input.RecordSource;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.shuffle.ShuffleIOException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the map function over one split and writes the task's output: one run holding all R sorted
 * (and combined) partitions, with a footer that records the partition lengths.
 */
public final class MapTask {
    /** At most this many skipped records are listed by location; all are counted. */
    public static final int MAX_LISTED_SKIPS = 100;

    private final JobSpec spec;
    private final String taskId;
    private final JobFunctions functions;
    private final TaskSettings settings;

    /**
     * @param counters the partition lengths and every counter of the attempt
     * @param skipped where the records skipped by {@code skipBadRecords} were, and why
     */
    public record Result(long[] partitionLengths, Map<String, Long> counters, List<String> skipped) {}

    public MapTask(JobSpec spec, String taskId, JobFunctions functions, TaskSettings settings) {
        this.spec = spec;
        this.taskId = taskId;
        this.functions = functions;
        this.settings = settings;
    }

    /** @throws TaskFailure when the user's function fails and the job does not skip bad records */
    public Result run(RecordSource input, Path output) throws IOException {
        Counters counters = new Counters();
        BasicTaskContext context = new BasicTaskContext(spec, taskId, counters);
        Mapper mapper = functions.newMapper();
        var partitioner = functions.newPartitioner();
        var combiner = functions.newCombiner();
        try {
            mapper.setup(context);
            partitioner.setup(context);
            if (combiner != null) combiner.setup(context);
        } catch (Exception e) {
            throw new TaskFailure("map task setup failed: " + TaskFailure.describe(e), e);
        }
        MapOutputCollector collector =
                new MapOutputCollector(spec.reducers(), partitioner, combiner, settings, counters);
        List<String> skipped = new ArrayList<>();
        long records = 0;
        Optional<LineMapper> fast = functions.lineMapperFor(mapper);
        try {
            if (fast.isPresent()) {
                // A built-in app over the lines' bytes: the same pairs, without a String per line or word.
                LineView line = new LineView();
                while (input.nextLine(line)) {
                    records++;
                    try {
                        fast.get().map(line, collector);
                    } catch (ShuffleIOException e) {
                        throw e.getCause();
                    } catch (RuntimeException e) {
                        String where = line.source + " at byte " + line.position;
                        throw new TaskFailure("map function failed on " + where + ": " + TaskFailure.describe(e), e);
                    }
                }
            }
            InputRecord record;
            while (fast.isEmpty() && (record = input.next()) != null) {
                records++;
                try {
                    mapper.map(record, collector);
                } catch (ShuffleIOException e) {
                    throw e.getCause();
                } catch (Exception e) {
                    String where = record.source() + " at byte " + record.offset();
                    if (!spec.skipBadRecords()) {
                        throw new TaskFailure("map function failed on " + where + ": " + TaskFailure.describe(e), e);
                    }
                    counters.add(Counters.MAP_SKIPPED_RECORDS, 1);
                    if (skipped.size() < MAX_LISTED_SKIPS) skipped.add(where + ": " + TaskFailure.describe(e));
                }
            }
            mapper.cleanup(collector);
        } catch (ShuffleIOException e) {
            throw e.getCause();
        } catch (IOException | TaskFailure e) {
            throw e;
        } catch (Exception e) {
            throw new TaskFailure("map function's cleanup failed: " + TaskFailure.describe(e), e);
        }
        counters.add(Counters.MAP_INPUT_RECORDS, records);
        counters.add(Counters.MAP_INPUT_BYTES, input.bytesRead());
        long[] lengths = collector.finish(output);
        return new Result(lengths, counters.snapshot(), List.copyOf(skipped));
    }
}
