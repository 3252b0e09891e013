package io.gristmill.engine.task;

import io.gristmill.api.Counter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A task attempt's counters: Gristmill's own (named below) and the user's, which are kept under
 * {@code user.<name>} so they never collide with ours.
 */
public final class Counters {
    public static final String MAP_INPUT_RECORDS = "map.input.records";
    public static final String MAP_INPUT_BYTES = "map.input.bytes";
    public static final String MAP_OUTPUT_RECORDS = "map.output.records";
    public static final String MAP_OUTPUT_BYTES = "map.output.bytes";
    public static final String MAP_SPILLS = "map.spills";
    public static final String MAP_SKIPPED_RECORDS = "map.skipped.records";
    public static final String COMBINE_INPUT_RECORDS = "combine.input.records";
    public static final String COMBINE_OUTPUT_RECORDS = "combine.output.records";
    /** Records and bytes a two-level shuffle's merge tasks wrote (each map output record once more). */
    public static final String MERGE_RECORDS = "merge.records";

    public static final String MERGE_BYTES = "merge.bytes";
    public static final String REDUCE_SHUFFLE_BYTES = "reduce.shuffle.bytes";
    public static final String REDUCE_INPUT_GROUPS = "reduce.input.groups";
    public static final String REDUCE_INPUT_RECORDS = "reduce.input.records";
    public static final String REDUCE_OUTPUT_RECORDS = "reduce.output.records";
    public static final String REDUCE_OUTPUT_BYTES = "reduce.output.bytes";
    public static final String REDUCE_SKIPPED_GROUPS = "reduce.skipped.groups";
    public static final String USER_PREFIX = "user.";

    private final Map<String, LongAdder> values = new ConcurrentHashMap<>();

    public void add(String name, long delta) {
        values.computeIfAbsent(name, k -> new LongAdder()).add(delta);
    }

    public long get(String name) {
        LongAdder a = values.get(name);
        return a == null ? 0 : a.sum();
    }

    /** The counter a user's function increments through its {@code TaskContext}. */
    public Counter user(String name) {
        LongAdder adder = values.computeIfAbsent(USER_PREFIX + name, k -> new LongAdder());
        return adder::add;
    }

    /** A sorted copy of every counter. */
    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Adds counters to a running total. */
    public static void addTo(Map<String, Long> total, Map<String, ? extends Number> counters) {
        counters.forEach((k, v) -> total.merge(k, v.longValue(), Long::sum));
    }
}
