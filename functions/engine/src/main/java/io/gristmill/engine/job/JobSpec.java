package io.gristmill.engine.job;

import io.gristmill.engine.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a job runs: its functions, its input and output, R and the split size. Users write it as a
 * JSON manifest (see {@link #fromManifest}); the coordinator completes it (id, defaults, sampled
 * split points) and every task message carries the completed spec, so tasks need no extra reads.
 *
 * @param id assigned by the coordinator; null in a user's manifest
 * @param app a built-in app's name, or null for a job made of the user's classes
 * @param combiner class name, or null
 * @param partitioner {@code hash}, {@code range} or a class name
 * @param input S3 keys or key prefixes
 * @param output the output prefix, ending in '/'; null until defaulted
 * @param reducers R; 0 until defaulted
 * @param splitSize bytes; 0 until defaulted
 * @param splitPoints the sampled key boundaries of the range partitioner; empty otherwise
 * @param recovery leases and backup tasks
 * @param chaos injected faults ({@link Chaos#NONE} normally)
 */
public record JobSpec(
        String id,
        String name,
        String app,
        String mapper,
        String reducer,
        String combiner,
        String partitioner,
        List<String> input,
        String output,
        int reducers,
        long splitSize,
        Map<String, String> params,
        boolean skipBadRecords,
        List<String> splitPoints,
        Recovery recovery,
        Chaos chaos) {

    public static final int MAX_REDUCERS = 10_000;
    /** Prefixes the framework owns: output there would be overwritten or would start new jobs. */
    public static final List<String> RESERVED_PREFIXES = List.of("_gristmill/", "jobs/", "input/");

    private static final Set<String> MANIFEST_FIELDS = Set.of(
            "name", "app", "mapper", "reducer", "combiner", "partitioner", "input", "output",
            "reducers", "splitSize", "params", "skipBadRecords", "lease", "backupTasks", "chaos");
    private static final Pattern NAME_CHARS = Pattern.compile("[^A-Za-z0-9._-]+");

    public JobSpec {
        input = List.copyOf(input);
        params = Map.copyOf(params);
        splitPoints = List.copyOf(splitPoints);
        if (recovery == null) recovery = Recovery.DEFAULT;
        if (chaos == null) chaos = Chaos.NONE;
    }

    /**
     * Reads a user's job manifest and resolves its app.
     *
     * @param where where the manifest came from, for messages (e.g. {@code jobs/nightly.json})
     * @throws JobSpecException naming the field that is wrong and how to write it
     */
    public static JobSpec fromManifest(String json, String where) throws JobSpecException {
        Map<String, Object> map;
        try {
            map = Json.parseObject(json);
        } catch (Json.JsonException e) {
            throw new JobSpecException("job manifest " + where + " is not valid JSON: " + e.getMessage());
        }
        for (String field : map.keySet()) {
            if (!MANIFEST_FIELDS.contains(field)) {
                throw new JobSpecException("job manifest " + where + " has an unknown field '" + field
                        + "'; the fields are: " + String.join(", ", new TreeSet<>(MANIFEST_FIELDS)));
            }
        }
        return read(map, "job manifest " + where + ": ").resolveApp();
    }

    /** Reads a spec written by {@link #toJson} (a task message, a plan); trusted, not re-resolved. */
    public static JobSpec fromJson(String json) {
        try {
            return read(Json.parseObject(json), "job spec: ");
        } catch (Json.JsonException | JobSpecException e) {
            throw new IllegalArgumentException("corrupt job spec: " + e.getMessage(), e);
        }
    }

    private static JobSpec read(Map<String, Object> m, String where) throws JobSpecException {
        return new JobSpec(
                string(m, "id", where),
                string(m, "name", where),
                string(m, "app", where),
                string(m, "mapper", where),
                string(m, "reducer", where),
                string(m, "combiner", where),
                string(m, "partitioner", where),
                stringList(m, "input", where),
                string(m, "output", where),
                reducers(m.get("reducers"), where),
                splitSize(m.get("splitSize"), where),
                params(m.get("params"), where),
                bool(m, "skipBadRecords", where),
                stringList(m, "splitPoints", where),
                m.containsKey("recovery") ? Recovery.fromMap(m.get("recovery"))
                        : Recovery.read(m.get("lease"), m.get("backupTasks"), where),
                chaos(m.get("chaos"), where));
    }

    private static Chaos chaos(Object v, String where) throws JobSpecException {
        if (v == null) return Chaos.NONE;
        if (!(v instanceof String s)) {
            throw new JobSpecException(where + "\"chaos\" must be a string such as \"crash=0.3,seed=7\", not "
                    + Json.describe(v));
        }
        try {
            return Chaos.parse(s);
        } catch (IllegalArgumentException e) {
            throw new JobSpecException(where + "\"chaos\": " + e.getMessage());
        }
    }

    /** Fills mapper, reducer, combiner and partitioner from the app, and checks the app's parameters. */
    public JobSpec resolveApp() throws JobSpecException {
        if (app == null) {
            if (mapper == null || reducer == null) {
                throw new JobSpecException("a job names either an app (" + AppCatalog.names()
                        + ") or its own classes with both \"mapper\" and \"reducer\"");
            }
            return this;
        }
        App a = AppCatalog.find(app).orElseThrow(() -> new JobSpecException("unknown app '" + app
                + "'; the built-in apps are " + AppCatalog.names()
                + ". For your own code, name your classes with \"mapper\" and \"reducer\" instead of \"app\""));
        if (mapper != null || reducer != null || combiner != null) {
            throw new JobSpecException("a job names either an app or its own mapper/reducer/combiner classes, not both"
                    + " (app '" + app + "' was given together with classes)");
        }
        for (String p : a.requiredParams()) {
            String v = params.get(p);
            if (v == null || v.isEmpty()) {
                throw new JobSpecException("app '" + app + "' needs the parameter '" + p + "': pass --param " + p
                        + "=VALUE (or \"params\": {\"" + p + "\": \"VALUE\"} in a manifest)");
            }
        }
        return new JobSpec(id, name, app, a.mapper(), a.reducer(), a.combiner(),
                partitioner == null ? a.partitioner() : partitioner,
                input, output, reducers, splitSize, params, skipBadRecords, splitPoints, recovery, chaos);
    }

    /** Checks what a complete spec must satisfy; the messages name the fix. */
    public void validate() throws JobSpecException {
        if (input.isEmpty()) {
            throw new JobSpecException("the job has no input: give \"input\" as an S3 key or key prefix, or a list of them");
        }
        for (String in : input) {
            if (in.isEmpty() || in.startsWith("/")) {
                throw new JobSpecException("input '" + in + "' is not an S3 key or prefix (no leading '/', not empty)");
            }
        }
        if (output != null) {
            if (output.isEmpty() || output.equals("/")) {
                throw new JobSpecException("output must be a key prefix such as \"output/my-job/\"");
            }
            for (String reserved : RESERVED_PREFIXES) {
                if (output.startsWith(reserved)) {
                    throw new JobSpecException("output '" + output + "' is under '" + reserved
                            + "', which Gristmill reserves (jobs/ and input/ start jobs); use e.g. output/my-job/");
                }
            }
            for (String in : input) {
                if (output.startsWith(in) || in.startsWith(output)) {
                    throw new JobSpecException("output '" + output + "' overlaps input '" + in
                            + "'; a job must not write where it reads");
                }
            }
        }
        if (partitioner == null || partitioner.isEmpty()) {
            throw new JobSpecException("partitioner must be \"hash\", \"range\" or a class name");
        }
    }

    public boolean rangePartitioned() {
        return "range".equals(partitioner);
    }

    public JobSpec withId(String newId) {
        return new JobSpec(newId, name, app, mapper, reducer, combiner, partitioner, input, output,
                reducers, splitSize, params, skipBadRecords, splitPoints, recovery, chaos);
    }

    public JobSpec withName(String newName) {
        return new JobSpec(id, newName, app, mapper, reducer, combiner, partitioner, input, output,
                reducers, splitSize, params, skipBadRecords, splitPoints, recovery, chaos);
    }

    /** Fills what the user left out with the stack's defaults. */
    public JobSpec withDefaults(int defaultReducers, long defaultSplitSize) {
        String out = output != null ? output : "output/" + id + "/";
        return new JobSpec(id, name, app, mapper, reducer, combiner, partitioner == null ? "hash" : partitioner,
                input, out, reducers > 0 ? reducers : defaultReducers, splitSize > 0 ? splitSize : defaultSplitSize,
                params, skipBadRecords, splitPoints, recovery, chaos);
    }

    public JobSpec withOutput(String newOutput) {
        return new JobSpec(id, name, app, mapper, reducer, combiner, partitioner, input, newOutput,
                reducers, splitSize, params, skipBadRecords, splitPoints, recovery, chaos);
    }

    public JobSpec withRecovery(Recovery r) {
        return new JobSpec(id, name, app, mapper, reducer, combiner, partitioner, input, output,
                reducers, splitSize, params, skipBadRecords, splitPoints, r, chaos);
    }

    public JobSpec withChaos(Chaos c) {
        return new JobSpec(id, name, app, mapper, reducer, combiner, partitioner, input, output,
                reducers, splitSize, params, skipBadRecords, splitPoints, recovery, c);
    }

    public JobSpec withSplitPoints(List<String> points) {
        return new JobSpec(id, name, app, mapper, reducer, combiner, partitioner, input, output,
                reducers, splitSize, params, skipBadRecords, points, recovery, chaos);
    }

    /** A name usable in a job id: letters, digits, '.', '_' and '-', at most 40 characters. */
    public static String safeName(String raw) {
        String s = NAME_CHARS.matcher(raw == null ? "" : raw).replaceAll("-").replaceAll("^-+|-+$", "");
        if (s.length() > 40) s = s.substring(0, 40);
        return s.isEmpty() ? "job" : s;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "id", id);
        put(m, "name", name);
        put(m, "app", app);
        put(m, "mapper", mapper);
        put(m, "reducer", reducer);
        put(m, "combiner", combiner);
        put(m, "partitioner", partitioner);
        m.put("input", input);
        put(m, "output", output);
        if (reducers > 0) m.put("reducers", reducers);
        if (splitSize > 0) m.put("splitSize", splitSize);
        if (!params.isEmpty()) m.put("params", new TreeMap<>(params));
        if (skipBadRecords) m.put("skipBadRecords", true);
        if (!splitPoints.isEmpty()) m.put("splitPoints", splitPoints);
        if (!recovery.equals(Recovery.DEFAULT)) m.put("recovery", recovery.toMap());
        if (chaos.active()) m.put("chaos", chaos.toString());
        return m;
    }

    /**
     * The spec as a user's manifest: what {@link #fromManifest} reads. An app's classes, the id and
     * the sampled split points are left out (the coordinator fills them in).
     */
    public Map<String, Object> toManifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "name", name);
        put(m, "app", app);
        if (app == null) {
            put(m, "mapper", mapper);
            put(m, "reducer", reducer);
            put(m, "combiner", combiner);
        }
        if (partitioner != null && (app == null || !partitioner.equals(AppCatalog.find(app).map(App::partitioner).orElse(null)))) {
            m.put("partitioner", partitioner);
        }
        m.put("input", input);
        put(m, "output", output);
        if (reducers > 0) m.put("reducers", reducers);
        if (splitSize > 0) m.put("splitSize", splitSize);
        if (!params.isEmpty()) m.put("params", new TreeMap<>(params));
        if (skipBadRecords) m.put("skipBadRecords", true);
        m.putAll(recovery.toManifest());
        if (chaos.active()) m.put("chaos", chaos.toString());
        return m;
    }

    public String toJson() {
        return Json.write(toMap());
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

    private static List<String> stringList(Map<String, Object> m, String field, String where) throws JobSpecException {
        Object v = m.get(field);
        if (v == null) return List.of();
        if (v instanceof String s) return List.of(s.trim());
        if (!(v instanceof List<?> list)) {
            throw new JobSpecException(where + "\"" + field + "\" must be a string or a list of strings, not " + Json.describe(v));
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new JobSpecException(where + "\"" + field + "\" must list strings, but has " + Json.describe(o));
            }
            out.add(field.equals("splitPoints") ? s : s.trim());
        }
        return out;
    }

    private static int reducers(Object v, String where) throws JobSpecException {
        if (v == null) return 0;
        long n;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String s && s.trim().matches("-?\\d+")) {
            n = Long.parseLong(s.trim());
        } else {
            throw new JobSpecException(where + "\"reducers\" must be a whole number of reduce tasks, at least 1, not "
                    + Json.describe(v));
        }
        if (n < 1) {
            throw new JobSpecException(where + "\"reducers\" must be at least 1 (got " + n + ")");
        }
        if (n > MAX_REDUCERS) {
            throw new JobSpecException(where + "\"reducers\" is " + n + "; at most " + MAX_REDUCERS + " are supported");
        }
        return (int) n;
    }

    private static long splitSize(Object v, String where) throws JobSpecException {
        if (v == null) return 0;
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
            throw new JobSpecException(where + "\"splitSize\" must be a size such as \"64MB\", not " + Json.describe(v));
        }
        if (n < 1) {
            throw new JobSpecException(where + "\"splitSize\" must be at least 1 byte (got " + n + ")");
        }
        return n;
    }

    private static Map<String, String> params(Object v, String where) throws JobSpecException {
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> map)) {
            throw new JobSpecException(where + "\"params\" must be an object of names to values, not " + Json.describe(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            Object value = e.getValue();
            if (value instanceof Map || value instanceof List || value == null) {
                throw new JobSpecException(where + "parameter '" + e.getKey() + "' must be a string, number or boolean, not "
                        + Json.describe(value));
            }
            out.put(String.valueOf(e.getKey()), String.valueOf(value));
        }
        return out;
    }
}
