package io.gristmill.engine.job;

import io.gristmill.engine.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several MapReduce stages in one manifest: {@code {"input": …, "output": …, "stages": [{…}, {…}]}}.
 * Each stage is a job manifest (app or classes, params, reducers, split size) whose input defaults
 * to the previous stage's output ({@code "@name"} names an earlier stage's output instead) and whose
 * output is {@code <pipeline output><stage name>/}. A stage may repeat ({@code "repeat": N}), each
 * iteration reading the one before, and stop early when a counter reaches a value
 * ({@code "until": {"counter": "changed", "equals": 0}}).
 *
 * @param input the first stage's input (S3 keys or prefixes)
 * @param output the pipeline's output prefix; null until defaulted
 * @param chaos faults injected into every stage (testing), or null
 */
public record Pipeline(String name, List<String> input, String output, List<Stage> stages, Chaos chaos) {

    /** At most this many stages, and iterations of one stage: a pipeline must end. */
    public static final int MAX_STAGES = 100;

    public static final int MAX_REPEAT = 1000;

    private static final Set<String> FIELDS = Set.of("name", "input", "output", "stages", "chaos");
    private static final Set<String> STAGE_FIELDS = Set.of("repeat", "until");

    public Pipeline {
        input = List.copyOf(input);
        stages = List.copyOf(stages);
    }

    /**
     * One stage: the job to run, how often, and where it reads.
     *
     * @param job the stage's manifest (its input is empty when it reads another stage)
     * @param inputStage the index of the stage whose output it reads, or -1 when {@code job.input()} says
     * @param repeat how many times it runs, each run reading the previous one's output
     * @param until when to stop repeating early, or null
     */
    public record Stage(String name, Manifest job, int inputStage, int repeat, Until until) {}

    /** Stop repeating once the counter (a user counter's name) of an iteration equals the value. */
    public record Until(String counter, long equals) {}

    /** Whether a manifest's JSON declares a pipeline ({@code "stages"}) rather than one job. */
    public static boolean declaredIn(String json) {
        try {
            return Json.parseObject(json).containsKey("stages");
        } catch (Json.JsonException e) {
            return false; // the job manifest's reader reports the syntax error
        }
    }

    /**
     * Reads a pipeline manifest and checks everything that needs no cloud: every stage's app or
     * classes, fields and parameters, names, repeats and named inputs. The message names the stage
     * and the field.
     */
    public static Pipeline parse(String json, String where) throws JobSpecException {
        Map<String, Object> m;
        try {
            m = Json.parseObject(json);
        } catch (Json.JsonException e) {
            throw new JobSpecException("pipeline manifest " + where + " is not valid JSON: " + e.getMessage());
        }
        String at = "pipeline manifest " + where + ": ";
        for (String field : m.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new JobSpecException(at + "unknown field '" + field + "'; a pipeline's fields are "
                        + String.join(", ", new TreeSet<>(FIELDS)) + " (job fields go in its stages)");
            }
        }
        Manifest top = Manifest.read(withoutStages(m), at);
        if (!(m.get("stages") instanceof List<?> list) || list.isEmpty()) {
            throw new JobSpecException(at + "\"stages\" must be a non-empty list of stages, each a job manifest");
        }
        if (list.size() > MAX_STAGES) {
            throw new JobSpecException(at + "a pipeline has at most " + MAX_STAGES + " stages, not " + list.size());
        }
        List<Stage> stages = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Stage stage = stage(list.get(i), i, byName, at);
            if (byName.putIfAbsent(stage.name(), i) != null) {
                throw new JobSpecException(at + "stage " + (i + 1) + " is named '" + stage.name()
                        + "' like an earlier stage; stage names must differ");
            }
            stages.add(stage);
        }
        return new Pipeline(top.name(), top.input(), top.output(), stages, top.chaos());
    }

    private static Map<String, Object> withoutStages(Map<String, Object> m) {
        Map<String, Object> top = new LinkedHashMap<>(m);
        top.remove("stages");
        return top;
    }

    private static Stage stage(Object value, int index, Map<String, Integer> earlier, String at)
            throws JobSpecException {
        String where = at + "stage " + (index + 1);
        if (!(value instanceof Map<?, ?> raw)) {
            throw new JobSpecException(where + " must be an object (a job manifest), not " + Json.describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) raw);
        for (String field : m.keySet()) {
            if (!Manifest.fields().contains(field) && !STAGE_FIELDS.contains(field)) {
                throw new JobSpecException(where + " has an unknown field '" + field + "'; a stage's fields are a job"
                        + " manifest's and repeat, until");
            }
        }
        if (m.containsKey("output")) {
            throw new JobSpecException(where + " has an \"output\"; a stage writes under the pipeline's output"
                    + " (<output><stage name>/), so give \"output\" once, at the top");
        }
        String name = m.get("name") instanceof String s && !s.isBlank() ? s.trim() : null;
        if (name != null && !name.equals(JobSpec.safeName(name))) {
            throw new JobSpecException(where + ": \"name\" '" + name + "' may use only letters, digits, '.', '_' and"
                    + " '-' (at most 40): it names the stage's output folder");
        }
        String label = name != null ? name : Integer.toString(index + 1);
        where = at + "stage " + (index + 1) + (name != null ? " ('" + name + "')" : "");
        int inputStage = -1;
        Object in = m.get("input");
        if (in instanceof String s && s.startsWith("@")) {
            String ref = s.substring(1);
            Integer i = earlier.get(ref);
            if (i == null) {
                throw new JobSpecException(where + ": \"input\" '" + s + "' names no earlier stage: a stage reads the"
                        + " output of a stage before it (naming itself or a later one would be a cycle)");
            }
            inputStage = i;
            m.remove("input");
        } else if (in == null && index > 0) {
            inputStage = index - 1;
        }
        int repeat = repeat(m.remove("repeat"), where);
        Until until = until(m.remove("until"), where);
        if (until != null && repeat < 2) {
            throw new JobSpecException(where + ": \"until\" stops a repeating stage early; give \"repeat\" too (the"
                    + " most iterations it may run, at most " + MAX_REPEAT + ")");
        }
        Manifest job = Manifest.read(m, where + ": ");
        return new Stage(label, job, inputStage, repeat, until);
    }

    private static int repeat(Object v, String where) throws JobSpecException {
        if (v == null) return 1;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new JobSpecException(where + ": \"repeat\" must be a whole number of iterations (a bound: at most "
                    + MAX_REPEAT + "), not " + Json.describe(v));
        }
        long r = n.longValue();
        if (r < 1 || r > MAX_REPEAT) {
            throw new JobSpecException(where + ": \"repeat\" must be between 1 and " + MAX_REPEAT + ", not " + r);
        }
        return (int) r;
    }

    private static Until until(Object v, String where) throws JobSpecException {
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> m)
                || !(m.get("counter") instanceof String counter)
                || counter.isBlank()
                || !(m.get("equals") instanceof Number equals)
                || m.size() != 2) {
            throw new JobSpecException(
                    where + ": \"until\" must be {\"counter\": \"NAME\", \"equals\": NUMBER}, not " + Json.describe(v));
        }
        return new Until(counter.trim(), equals.longValue());
    }

    /**
     * Every stage's first iteration as a complete spec, checked as a job's would be: an unknown app
     * or parameter in stage 3 fails the whole pipeline before stage 1 runs, naming the stage.
     */
    public List<JobSpec> check(String pipelineId, int defaultReducers, long defaultSplitSize) throws JobSpecException {
        if (stages.get(0).job().input().isEmpty() && input.isEmpty()) {
            throw new JobSpecException("the pipeline has no input: give \"input\" (an S3 key or prefix, or a list) at"
                    + " the top, or in its first stage");
        }
        Pipeline p = withDefaultOutput(pipelineId);
        List<String> results = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++)
            results.add(p.stageResult(i, stages.get(i).repeat()));
        List<JobSpec> specs = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            try {
                specs.add(p.stageManifest(i, 1, results)
                        .toSpec(p.stageJobId(pipelineId, i, 1), "stage", defaultReducers, defaultSplitSize));
            } catch (JobSpecException e) {
                throw new JobSpecException(
                        "stage " + (i + 1) + " ('" + stages.get(i).name() + "'): " + e.getMessage(), e);
            }
        }
        return specs;
    }

    /** The pipeline with its output filled in when the manifest gave none. */
    public Pipeline withDefaultOutput(String pipelineId) {
        return output != null ? this : new Pipeline(name, input, "output/" + pipelineId + "/", stages, chaos);
    }

    /** Where an iteration (1 to repeat) of a stage writes. */
    public String stageOutput(int stage, int iteration) {
        Stage s = stages.get(stage);
        return output + s.name() + "/" + (s.repeat() > 1 ? "iteration-" + iteration + "/" : "");
    }

    /** Where a stage's result is once it has run: its last iteration's output (as far as it ran). */
    public String stageResult(int stage, int lastIteration) {
        return stageOutput(stage, lastIteration);
    }

    /** The job id of an iteration of a stage: the pipeline's id, the stage's number and name. */
    public String stageJobId(String pipelineId, int stage, int iteration) {
        Stage s = stages.get(stage);
        return pipelineId + ".s" + (stage + 1) + "-" + s.name() + (s.repeat() > 1 ? ".i" + iteration : "");
    }

    /**
     * The manifest of one iteration of a stage.
     *
     * @param resultOf where each earlier stage's result is (its last iteration's output)
     */
    public Manifest stageManifest(int stage, int iteration, List<String> resultOf) {
        Stage s = stages.get(stage);
        List<String> in;
        if (iteration > 1) in = List.of(stageOutput(stage, iteration - 1));
        else if (s.inputStage() >= 0) in = List.of(resultOf.get(s.inputStage()));
        else in = s.job().input().isEmpty() ? input : s.job().input();
        Manifest.Builder b = s.job().toBuilder()
                .input(in)
                .output(stageOutput(stage, iteration))
                .name(stageJobName(stage, iteration));
        if (chaos != null && s.job().chaos() == null) b.chaos(chaos);
        return b.build();
    }

    private String stageJobName(int stage, int iteration) {
        Stage s = stages.get(stage);
        String base = (name != null ? name : "pipeline") + "-" + s.name();
        return s.repeat() > 1 ? base + "-" + iteration : base;
    }

    /** The stage iteration to run after this one finished with these counters; empty when the pipeline is done. */
    public Optional<int[]> next(int stage, int iteration, Map<String, Long> counters) {
        Stage s = stages.get(stage);
        boolean stop = s.until() != null
                && counters.getOrDefault("user." + s.until().counter(), 0L)
                        == s.until().equals();
        if (iteration < s.repeat() && !stop) return Optional.of(new int[] {stage, iteration + 1});
        if (stage + 1 < stages.size()) return Optional.of(new int[] {stage + 1, 1});
        return Optional.empty();
    }

    /** The pipeline as a manifest: what {@link #parse} reads back. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (name != null) m.put("name", name);
        m.put("input", input);
        if (output != null) m.put("output", output);
        if (chaos != null && chaos.active()) m.put("chaos", chaos.toString());
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Map<String, Object> sm = s.job().toMap();
            sm.put("name", s.name());
            if (s.inputStage() >= 0 && s.inputStage() != i - 1)
                sm.put("input", "@" + stages.get(s.inputStage()).name());
            else if (s.inputStage() >= 0) sm.remove("input");
            if (sm.get("input") instanceof List<?> l && l.isEmpty()) sm.remove("input");
            if (s.repeat() > 1) sm.put("repeat", s.repeat());
            if (s.until() != null)
                sm.put(
                        "until",
                        Map.of(
                                "counter",
                                s.until().counter(),
                                "equals",
                                s.until().equals()));
            list.add(sm);
        }
        m.put("stages", list);
        return Json.writePretty(m);
    }
}
