package io.gristmill.protocol;

import io.gristmill.engine.input.InputObject;
import io.gristmill.engine.input.Split;
import io.gristmill.engine.input.SplitPlanner;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Sizes;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's plan: its final spec (with sampled split points) and its input objects, from which its
 * splits follow ({@link SplitPlanner} is deterministic). It is written to S3 once, conditionally, so
 * that a retried coordinator sends exactly the tasks of the first plan even if the input changed in
 * between. It lists objects, not splits: a million splits of one large object take a line, not 150 MB.
 */
public record Plan(JobSpec spec, List<InputObject> inputs, List<Split> splits) {
    /**
     * Map tasks per job at most: what planning, the task messages and the job table are built and
     * tested for (docs/scale.md). Committed tasks are counted in a tree of small items, so no item
     * grows with the job; task items' sort keys have six digits.
     */
    public static final int MAX_MAP_TASKS = SplitPlanner.MAX_SPLITS;

    public int objects() {
        return inputs.size();
    }

    public long bytes() {
        return inputs.stream().mapToLong(InputObject::size).sum();
    }

    /**
     * The largest spec, as JSON, a job may have: it travels in every map task's SQS message (at most
     * 256 KB) and in the job's table item (at most 400 KB, shared with the done sets).
     */
    public static final int MAX_SPEC_BYTES = 128 << 10;

    /** Why the final spec (with a range partitioner's split points) is too large; empty if it is not. */
    static Optional<String> specTooLarge(JobSpec spec) {
        int size = spec.toJson().getBytes(StandardCharsets.UTF_8).length;
        if (size <= MAX_SPEC_BYTES) return Optional.empty();
        String points = spec.splitPoints().isEmpty()
                ? ""
                : ", " + spec.splitPoints().size() + " of its split points for " + spec.reducers() + " reducers";
        return Optional.of("the job's spec is " + Sizes.format(size) + " as JSON" + points + "; it travels in every map"
                + " task's message and in the job's table item, so it must stay under " + Sizes.format(MAX_SPEC_BYTES)
                + ": use fewer reducers or smaller parameters");
    }

    /** Why {@code splits} are too many for one job, and what to change; empty if they are not. */
    static Optional<String> tooManyTasks(List<Split> splits, long bytes, long splitSize) {
        if (splits.size() <= MAX_MAP_TASKS) return Optional.empty();
        long gzip = splits.stream().filter(Split::gzip).count();
        String what = "the input makes " + splits.size() + " map tasks (" + Sizes.format(bytes) + " at a split size of "
                + Sizes.format(splitSize) + "), and a job runs at most " + MAX_MAP_TASKS;
        if (gzip > MAX_MAP_TASKS / 2) {
            return Optional.of(
                    what + "; " + gzip + " of them are gzip objects, which are one map task each: combine them"
                            + " into fewer, larger objects, or split the input over several jobs");
        }
        long mb = 1L << 20;
        long needed = (bytes / (MAX_MAP_TASKS - gzip) + mb) / mb * mb;
        return Optional.of(what + "; use a split size of at least " + Sizes.format(needed) + " (\"splitSize\" in the"
                + " manifest, --split-size for grist), or split the input over several jobs");
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spec", spec.toMap());
        m.put("objects", objects());
        m.put("bytes", bytes());
        m.put("maps", splits.size());
        List<Object> in = new ArrayList<>();
        for (InputObject o : inputs) in.add(List.of(o.key(), o.name(), o.size()));
        m.put("inputs", in);
        return Json.write(m);
    }

    public static Plan fromJson(String json) {
        try {
            JsonMap m = JsonMap.parse(json);
            JobSpec spec = JobSpec.fromMap(m.object("spec"));
            List<InputObject> inputs = new ArrayList<>();
            for (Object o : (List<?>) m.map().get("inputs")) {
                List<?> entry = (List<?>) o;
                inputs.add(new InputObject(
                        (String) entry.get(0), (String) entry.get(1), ((Number) entry.get(2)).longValue()));
            }
            List<Split> splits = SplitPlanner.plan(inputs, spec.splitSize());
            if (splits.size() != m.integer("maps")) {
                throw new IllegalStateException("the plan's inputs make " + splits.size() + " splits, not "
                        + m.integer("maps") + " (a different SplitPlanner?)");
            }
            return new Plan(spec, inputs, splits);
        } catch (Json.JsonException | IllegalArgumentException | ClassCastException | JobSpecException e) {
            throw new IllegalStateException("corrupt plan: " + e.getMessage(), e);
        }
    }
}
