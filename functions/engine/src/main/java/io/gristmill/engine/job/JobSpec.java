package io.gristmill.engine.job;

import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A job, complete: what every task runs. The coordinator makes it from the user's {@link Manifest}
 * (an id, the app's classes, the stack's defaults) and every task message carries it, so a task
 * starts without reading anything but its input. Nothing in it is null; build one with
 * {@link #builder()}.
 *
 * @param app the built-in app it runs, if any (its classes are then filled in)
 * @param combiner the combiner's class name, if the job has one
 * @param output the output prefix, ending in '/'
 * @param recovery leases and backup tasks
 * @param chaos injected faults ({@link Chaos#NONE} normally)
 * @param mergeGroup map outputs per merge task in a two-level shuffle, or 0 for a one-level shuffle
 *     (the coordinator chooses, docs/scale.md)
 */
public record JobSpec(
        String id,
        String name,
        Optional<String> app,
        String mapper,
        String reducer,
        Optional<String> combiner,
        Partitioning partitioning,
        List<String> input,
        String output,
        int reducers,
        long splitSize,
        Map<String, String> params,
        boolean skipBadRecords,
        Recovery recovery,
        Chaos chaos,
        int mergeGroup) {

    public static final int MAX_REDUCERS = 10_000;
    /** Prefixes the framework owns: output there would be overwritten or would start new jobs. */
    public static final List<String> RESERVED_PREFIXES = List.of("_gristmill/", "jobs/", "input/");

    private static final Pattern NAME_CHARS = Pattern.compile("[^A-Za-z0-9._-]+");

    public JobSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(reducer, "reducer");
        Objects.requireNonNull(combiner, "combiner");
        Objects.requireNonNull(partitioning, "partitioning");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(chaos, "chaos");
        input = List.copyOf(input);
        params = Map.copyOf(params);
        if (reducers < 1) throw new IllegalArgumentException("reducers must be at least 1, not " + reducers);
        if (splitSize < 1) throw new IllegalArgumentException("splitSize must be at least 1, not " + splitSize);
        if (mergeGroup < 0 || mergeGroup == 1) {
            throw new IllegalArgumentException("mergeGroup must be 0 or at least 2, not " + mergeGroup);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .name(name)
                .app(app.orElse(null))
                .mapper(mapper)
                .reducer(reducer)
                .combiner(combiner.orElse(null))
                .partitioning(partitioning)
                .input(input)
                .output(output)
                .reducers(reducers)
                .splitSize(splitSize)
                .params(params)
                .skipBadRecords(skipBadRecords)
                .recovery(recovery)
                .chaos(chaos)
                .mergeGroup(mergeGroup);
    }

    /** The same job with a two-level shuffle of {@code group} map outputs per merge task (0: one level). */
    public JobSpec withMergeGroup(int group) {
        return toBuilder().mergeGroup(group).build();
    }

    /** How many merge tasks a job of {@code maps} map tasks has: 0 for a one-level shuffle. */
    public int mergeTasks(int maps) {
        return mergeGroup == 0 ? 0 : (maps + mergeGroup - 1) / mergeGroup;
    }

    /** The same job with another partitioning (the coordinator adds the sampled split points). */
    public JobSpec withPartitioning(Partitioning p) {
        return toBuilder().partitioning(p).build();
    }

    public boolean rangePartitioned() {
        return partitioning instanceof Partitioning.Range;
    }

    /** The range partitioner's split points; empty for any other partitioning. */
    public List<String> splitPoints() {
        return partitioning instanceof Partitioning.Range r ? r.splitPoints() : List.of();
    }

    /**
     * A name usable in a job id and in S3 keys: letters, digits, '.', '_' and '-', at most 40
     * characters, and not only dots ({@code ..} as a key's folder would climb out of it).
     */
    public static String safeName(String raw) {
        String s = NAME_CHARS.matcher(raw == null ? "" : raw).replaceAll("-").replaceAll("^-+|-+$", "");
        if (s.length() > 40) s = s.substring(0, 40);
        return s.isEmpty() || s.matches("\\.+") ? "job" : s;
    }

    /** Whether a name is usable as it is ({@link #safeName} leaves it alone). */
    public static boolean isSafeName(String name) {
        return name != null && name.equals(safeName(name));
    }

    /** The spec as messages, plans and the job table carry it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        app.ifPresent(a -> m.put("app", a));
        m.put("mapper", mapper);
        m.put("reducer", reducer);
        combiner.ifPresent(c -> m.put("combiner", c));
        m.put("partitioner", partitioning.word());
        m.put("input", input);
        m.put("output", output);
        m.put("reducers", reducers);
        m.put("splitSize", splitSize);
        if (!params.isEmpty()) m.put("params", new TreeMap<>(params));
        if (skipBadRecords) m.put("skipBadRecords", true);
        if (!splitPoints().isEmpty()) m.put("splitPoints", splitPoints());
        if (!recovery.equals(Recovery.DEFAULT)) m.put("recovery", recovery.toMap());
        if (chaos.active()) m.put("chaos", chaos.toString());
        if (mergeGroup > 0) m.put("mergeGroup", mergeGroup);
        return m;
    }

    public String toJson() {
        return Json.write(toMap());
    }

    /** Reads what {@link #toMap} wrote. */
    public static JobSpec fromMap(JsonMap m) {
        try {
            String partitioner = m.string("partitioner");
            Partitioning partitioning = partitioner.equals("range")
                    ? new Partitioning.Range(m.strings("splitPoints"))
                    : Partitioning.parse(partitioner);
            return builder()
                    .id(m.string("id"))
                    .name(m.string("name"))
                    .app(m.optString("app"))
                    .mapper(m.string("mapper"))
                    .reducer(m.string("reducer"))
                    .combiner(m.optString("combiner"))
                    .partitioning(partitioning)
                    .input(m.strings("input"))
                    .output(m.string("output"))
                    .reducers(m.integer("reducers"))
                    .splitSize(m.longValue("splitSize"))
                    .params(m.stringMap("params"))
                    .skipBadRecords(m.bool("skipBadRecords"))
                    .recovery(m.optObject("recovery").map(Recovery::fromMap).orElse(Recovery.DEFAULT))
                    .chaos(Chaos.parse(m.optString("chaos")))
                    .mergeGroup(m.has("mergeGroup") ? m.integer("mergeGroup") : 0)
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("corrupt job spec: " + e.getMessage(), e);
        }
    }

    public static JobSpec fromJson(String json) {
        try {
            return fromMap(JsonMap.parse(json));
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("corrupt job spec: " + e.getMessage(), e);
        }
    }

    /** Builds a {@link JobSpec}; {@link #build} fails on any field left unset. */
    public static final class Builder {
        private String id;
        private String name;
        private String app;
        private String mapper;
        private String reducer;
        private String combiner;
        private Partitioning partitioning = Partitioning.HASH;
        private List<String> input = List.of();
        private String output;
        private int reducers;
        private long splitSize;
        private Map<String, String> params = Map.of();
        private boolean skipBadRecords;
        private Recovery recovery = Recovery.DEFAULT;
        private Chaos chaos = Chaos.NONE;
        private int mergeGroup;

        private Builder() {}

        public Builder id(String v) {
            id = v;
            return this;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        /** A built-in app's name, or null for the user's own classes. */
        public Builder app(String v) {
            app = v;
            return this;
        }

        public Builder mapper(String v) {
            mapper = v;
            return this;
        }

        public Builder reducer(String v) {
            reducer = v;
            return this;
        }

        /** The combiner's class, or null for none. */
        public Builder combiner(String v) {
            combiner = v;
            return this;
        }

        public Builder partitioning(Partitioning v) {
            partitioning = v;
            return this;
        }

        public Builder input(List<String> v) {
            input = v;
            return this;
        }

        public Builder output(String v) {
            output = v;
            return this;
        }

        public Builder reducers(int v) {
            reducers = v;
            return this;
        }

        public Builder splitSize(long v) {
            splitSize = v;
            return this;
        }

        public Builder params(Map<String, String> v) {
            params = v;
            return this;
        }

        public Builder skipBadRecords(boolean v) {
            skipBadRecords = v;
            return this;
        }

        public Builder recovery(Recovery v) {
            recovery = v;
            return this;
        }

        public Builder chaos(Chaos v) {
            chaos = v;
            return this;
        }

        public Builder mergeGroup(int v) {
            mergeGroup = v;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(
                    id,
                    name,
                    Optional.ofNullable(app),
                    mapper,
                    reducer,
                    Optional.ofNullable(combiner),
                    partitioning,
                    input,
                    output,
                    reducers,
                    splitSize,
                    params,
                    skipBadRecords,
                    recovery,
                    chaos,
                    mergeGroup);
        }
    }
}
