package io.gristmill.protocol;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.job.JobSpec;
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
 * A job's plan: its final spec (with sampled split points) and its splits. It is written to S3 once,
 * conditionally, so that a retried coordinator sends exactly the tasks of the first plan even if the
 * input changed in between.
 */
public record Plan(JobSpec spec, List<Split> splits, int objects, long bytes) {
    /**
     * Map tasks per job at most. The job's item in DynamoDB holds the set of finished map tasks
     * (about 4 bytes each), and an item holds at most 400 KB; 50,000 leaves room for the spec and
     * the rest. Refusing at planning is better than failing once most of the work is done.
     */
    public static final int MAX_MAP_TASKS = 50_000;

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
                + Sizes.format(splitSize) + "), and a job runs at most " + MAX_MAP_TASKS
                + ", because its progress is kept in one DynamoDB item of at most 400 KB";
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
        m.put("objects", objects);
        m.put("bytes", bytes);
        List<Object> s = new ArrayList<>();
        for (Split split : splits) s.add(split.toMap());
        m.put("splits", s);
        return Json.write(m);
    }

    public static Plan fromJson(String json) {
        try {
            JsonMap m = JsonMap.parse(json);
            List<Split> splits = new ArrayList<>();
            for (JsonMap o : m.objects("splits")) splits.add(Split.fromMap(o));
            return new Plan(JobSpec.fromMap(m.object("spec")), splits, m.integer("objects"), m.longValue("bytes"));
        } catch (Json.JsonException | IllegalArgumentException e) {
            throw new IllegalStateException("corrupt plan: " + e.getMessage(), e);
        }
    }
}
