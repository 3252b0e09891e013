package io.gristmill.engine.job;

import io.gristmill.engine.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A job as its user wrote it: the JSON manifest uploaded to {@code jobs/}, or what {@code grist}'s
 * flags say. Any field may be left out (null here); {@link #toSpec} fills the gaps from the app and
 * the stack's defaults and checks the result, with errors that name the field and the fix.
 */
public record Manifest(
        String name,
        String app,
        String mapper,
        String reducer,
        String combiner,
        String partitioner,
        List<String> input,
        String output,
        Integer reducers,
        Long splitSize,
        Map<String, String> params,
        boolean skipBadRecords,
        Recovery recovery,
        Chaos chaos) {

    private static final Set<String> FIELDS = Set.of(
            "name",
            "app",
            "mapper",
            "reducer",
            "combiner",
            "partitioner",
            "input",
            "output",
            "reducers",
            "splitSize",
            "params",
            "skipBadRecords",
            "lease",
            "backupTasks",
            "taskTimeout",
            "chaos");

    public Manifest {
        input = input == null ? List.of() : List.copyOf(input);
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a manifest.
     *
     * @param where where it came from, for messages (e.g. {@code jobs/nightly.json})
     * @throws JobSpecException naming the field that is wrong and how to write it
     */
    public static Manifest parse(String json, String where) throws JobSpecException {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (Json.JsonException e) {
            throw new JobSpecException("job manifest " + where + " is not valid JSON: " + e.getMessage());
        }
        for (String field : m.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new JobSpecException("job manifest " + where + " has an unknown field '" + field
                        + "'; the fields are: " + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        return read(m, "job manifest " + where + ": ");
    }

    /**
     * Reads a manifest's fields from a parsed object whose field names the caller has checked
     * (a pipeline's stages are manifests with a few fields more).
     *
     * @param at the prefix of every message, e.g. {@code job manifest jobs/x.json: }
     */
    static Manifest read(Map<String, Object> m, String at) throws JobSpecException {
        return new Manifest(
                string(m, "name", at),
                string(m, "app", at),
                string(m, "mapper", at),
                string(m, "reducer", at),
                string(m, "combiner", at),
                string(m, "partitioner", at),
                strings(m, "input", at),
                string(m, "output", at),
                reducers(m.get("reducers"), at),
                splitSize(m.get("splitSize"), at),
                params(m.get("params"), at),
                bool(m, "skipBadRecords", at),
                m.containsKey("lease") || m.containsKey("backupTasks") || m.containsKey("taskTimeout")
                        ? Recovery.read(m.get("lease"), m.get("backupTasks"), m.get("taskTimeout"), at)
                        : null,
                chaos(m.get("chaos"), at));
    }

    /** The fields a job manifest may have. */
    static Set<String> fields() {
        return FIELDS;
    }

    /** A builder holding this manifest's fields, to change some. */
    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .app(app)
                .mapper(mapper)
                .reducer(reducer)
                .combiner(combiner)
                .partitioner(partitioner)
                .input(input)
                .output(output)
                .reducers(reducers)
                .splitSize(splitSize)
                .params(params)
                .skipBadRecords(skipBadRecords)
                .recovery(recovery)
                .chaos(chaos);
    }

    /** The manifest as a user would write it: what {@link #parse} reads back. */
    public String toJson() {
        return Json.writePretty(toMap());
    }

    /** The manifest's fields as a JSON object. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "name", name);
        put(m, "app", app);
        put(m, "mapper", mapper);
        put(m, "reducer", reducer);
        put(m, "combiner", combiner);
        put(m, "partitioner", partitioner);
        m.put("input", input);
        put(m, "output", output);
        put(m, "reducers", reducers);
        put(m, "splitSize", splitSize);
        if (!params.isEmpty()) m.put("params", new TreeMap<>(params));
        if (skipBadRecords) m.put("skipBadRecords", true);
        if (recovery != null) m.putAll(recovery.toManifest());
        if (chaos != null && chaos.active()) m.put("chaos", chaos.toString());
        return m;
    }

    /**
     * The complete job: the app's classes, the defaults for what is left out, and every check that
     * needs no cloud.
     *
     * @param id the job's id (the coordinator's, or a local run's)
     * @param fallbackName the name when the manifest gives none
     */
    public JobSpec toSpec(String id, String fallbackName, int defaultReducers, long defaultSplitSize)
            throws JobSpecException {
        JobSpec.Builder b = JobSpec.builder().id(id).name(JobSpec.safeName(name != null ? name : fallbackName));
        if (app == null) {
            if (mapper == null || reducer == null) {
                throw new JobSpecException("a job names either an app (" + AppCatalog.names()
                        + ") or its own classes with both \"mapper\" and \"reducer\"");
            }
            b.mapper(mapper).reducer(reducer).combiner(combiner);
        } else {
            App a = AppCatalog.find(app)
                    .orElseThrow(
                            () -> new JobSpecException(
                                    "unknown app '" + app
                                            + "'; the built-in apps are " + AppCatalog.names()
                                            + ". For your own code, name your classes with \"mapper\" and \"reducer\" instead of \"app\""));
            if (mapper != null || reducer != null || combiner != null) {
                throw new JobSpecException("a job names either an app or its own mapper/reducer/combiner classes, not"
                        + " both (app '" + app + "' was given together with classes)");
            }
            for (String p : a.requiredParams()) {
                // Given but empty is given: an empty grep pattern matches every line.
                if (params.get(p) == null) {
                    throw new JobSpecException("app '" + app + "' needs the parameter '" + p + "': pass --param " + p
                            + "=VALUE (or \"params\": {\"" + p + "\": \"VALUE\"} in a manifest)");
                }
            }
            b.app(app).mapper(a.mapper()).reducer(a.reducer()).combiner(a.combiner());
        }
        String partitionerWord = partitioner != null
                ? partitioner
                : app != null ? AppCatalog.find(app).get().partitioner() : "hash";
        b.partitioning(Partitioning.parse(partitionerWord));
        checkInput();
        String out = output != null ? output : "output/" + id + "/";
        checkOutput(out);
        return b.input(input)
                .output(out)
                .reducers(reducers != null ? reducers : defaultReducers)
                .splitSize(splitSize != null ? splitSize : defaultSplitSize)
                .params(params)
                .skipBadRecords(skipBadRecords)
                .recovery(recovery != null ? recovery : Recovery.DEFAULT)
                .chaos(chaos != null ? chaos : Chaos.NONE)
                .build();
    }

    private void checkInput() throws JobSpecException {
        if (input.isEmpty()) {
            throw new JobSpecException(
                    "the job has no input: give \"input\" as an S3 key or key prefix, or a list of them");
        }
        for (String in : input) {
            if (in.isEmpty() || in.startsWith("/")) {
                throw new JobSpecException("input '" + in + "' is not an S3 key or prefix (no leading '/', not empty)");
            }
        }
    }

    private void checkOutput(String out) throws JobSpecException {
        if (out.isEmpty() || out.equals("/")) {
            throw new JobSpecException("output must be a key prefix such as \"output/my-job/\"");
        }
        for (String reserved : JobSpec.RESERVED_PREFIXES) {
            if (out.startsWith(reserved)) {
                throw new JobSpecException("output '" + out + "' is under '" + reserved
                        + "', which Gristmill reserves (jobs/ and input/ start jobs); use e.g. output/my-job/");
            }
        }
        for (String in : input) {
            if (out.startsWith(in) || in.startsWith(out)) {
                throw new JobSpecException(
                        "output '" + out + "' overlaps input '" + in + "'; a job must not write where it reads");
            }
        }
    }

    // ---- field readers with messages that say what was expected ----

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }

    private static String string(Map<String, Object> m, String field, String where) throws JobSpecException {
        Object v = m.get(field);
        if (v == null) return null;
        if (!(v instanceof String s)) {
            throw new JobSpecException(where + "\"" + field + "\" must be a string, not " + Json.describe(v));
        }
        return s.isBlank() ? null : s.trim();
    }

    private static boolean bool(Map<String, Object> m, String field, String where) throws JobSpecException {
        Object v = m.get(field);
        if (v == null) return false;
        if (!(v instanceof Boolean b)) {
            throw new JobSpecException(where + "\"" + field + "\" must be true or false, not " + Json.describe(v));
        }
        return b;
    }

    private static List<String> strings(Map<String, Object> m, String field, String where) throws JobSpecException {
        Object v = m.get(field);
        if (v == null) return List.of();
        if (v instanceof String s) return List.of(s.trim());
        if (!(v instanceof List<?> list)) {
            throw new JobSpecException(
                    where + "\"" + field + "\" must be a string or a list of strings, not " + Json.describe(v));
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new JobSpecException(where + "\"" + field + "\" must list strings, but has " + Json.describe(o));
            }
            out.add(s.trim());
        }
        return out;
    }

    private static Chaos chaos(Object v, String where) throws JobSpecException {
        if (v == null) return null;
        if (!(v instanceof String s)) {
            throw new JobSpecException(
                    where + "\"chaos\" must be a string such as \"crash=0.3,seed=7\", not " + Json.describe(v));
        }
        try {
            return Chaos.parse(s);
        } catch (IllegalArgumentException e) {
            throw new JobSpecException(where + "\"chaos\": " + e.getMessage());
        }
    }

    private static Integer reducers(Object v, String where) throws JobSpecException {
        if (v == null) return null;
        long n;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String s && s.trim().matches("-?\\d+")) {
            n = Long.parseLong(s.trim());
        } else {
            throw new JobSpecException(
                    where + "\"reducers\" must be a whole number of reduce tasks, at least 1, not " + Json.describe(v));
        }
        if (n < 1) {
            throw new JobSpecException(where + "\"reducers\" must be at least 1 (got " + n + ")");
        }
        if (n > JobSpec.MAX_REDUCERS) {
            throw new JobSpecException(
                    where + "\"reducers\" is " + n + "; at most " + JobSpec.MAX_REDUCERS + " are supported");
        }
        return (int) n;
    }

    private static Long splitSize(Object v, String where) throws JobSpecException {
        if (v == null) return null;
        long n;
        if (v instanceof Number num) {
            n = num.longValue();
        } else if (v instanceof String s) {
            try {
                n = Sizes.parse(s);
            } catch (IllegalArgumentException e) {
                throw new JobSpecException(where + "\"splitSize\": " + e.getMessage());
            }
        } else {
            throw new JobSpecException(
                    where + "\"splitSize\" must be a size such as \"64MB\", not " + Json.describe(v));
        }
        if (n < 1) {
            throw new JobSpecException(where + "\"splitSize\" must be at least 1 byte (got " + n + ")");
        }
        return n;
    }

    private static Map<String, String> params(Object v, String where) throws JobSpecException {
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> map)) {
            throw new JobSpecException(
                    where + "\"params\" must be an object of names to values, not " + Json.describe(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            Object value = e.getValue();
            if (value instanceof Map || value instanceof List || value == null) {
                throw new JobSpecException(where + "parameter '" + e.getKey() + "' must be a string, number or boolean,"
                        + " not " + Json.describe(value));
            }
            out.put(String.valueOf(e.getKey()), String.valueOf(value));
        }
        return out;
    }

    /** Builds a {@link Manifest}, as the CLI does from its flags; unset fields take their defaults. */
    public static final class Builder {
        private String name;
        private String app;
        private String mapper;
        private String reducer;
        private String combiner;
        private String partitioner;
        private List<String> input = List.of();
        private String output;
        private Integer reducers;
        private Long splitSize;
        private Map<String, String> params = Map.of();
        private boolean skipBadRecords;
        private Recovery recovery;
        private Chaos chaos;

        private Builder() {}

        public Builder name(String v) {
            name = v;
            return this;
        }

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

        public Builder combiner(String v) {
            combiner = v;
            return this;
        }

        /** {@code hash}, {@code range} or a class name; null for the app's (or hash). */
        public Builder partitioner(String v) {
            partitioner = v;
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

        /** R, or null for the stack's default. */
        public Builder reducers(Integer v) {
            reducers = v;
            return this;
        }

        /** Bytes per map task, or null for the stack's default. */
        public Builder splitSize(Long v) {
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

        public Manifest build() {
            return new Manifest(
                    name,
                    app,
                    mapper,
                    reducer,
                    combiner,
                    partitioner,
                    input,
                    output,
                    reducers,
                    splitSize,
                    params,
                    skipBadRecords,
                    recovery,
                    chaos);
        }
    }
}
