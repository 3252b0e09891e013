package io.gristmill.protocol.state;

import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _PIPELINE.json}: what a pipeline did, written at its output when it ends. Every stage with
 * each job it ran (one per iteration), their status, times, counters and outputs.
 *
 * @param output the pipeline's output prefix as an {@code s3://} URI
 * @param error why the pipeline failed (which stage, and that stage's reason); null when it succeeded
 */
public record PipelineSummary(
        String pipeline,
        String name,
        PipelineStatus status,
        String error,
        String trigger,
        String output,
        long created,
        long finished,
        List<Stage> stages) {

    /** One stage and the jobs it ran, in order. */
    public record Stage(int index, String name, List<Run> runs) {}

    /**
     * One job of a stage.
     *
     * @param output the job's output prefix (a key)
     * @param counters its counters, once it succeeded
     */
    public record Run(
            String job,
            int iteration,
            JobStatus status,
            String output,
            long created,
            Long finished,
            Map<String, Long> counters,
            String error) {}

    public double seconds() {
        return (finished - created) / 1000.0;
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pipeline", pipeline);
        m.put("name", name);
        m.put("status", status.name());
        if (error != null) m.put("error", error);
        m.put("trigger", trigger);
        m.put("output", output);
        m.put("created", Times.iso(created));
        m.put("finished", Times.iso(finished));
        m.put("seconds", seconds());
        List<Object> ss = new ArrayList<>();
        for (Stage s : stages) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("stage", s.index() + 1);
            sm.put("name", s.name());
            List<Object> rs = new ArrayList<>();
            for (Run r : s.runs()) {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("job", r.job());
                rm.put("iteration", r.iteration());
                rm.put("status", r.status().name());
                rm.put("output", r.output());
                rm.put("created", Times.iso(r.created()));
                if (r.finished() != null) {
                    rm.put("finished", Times.iso(r.finished()));
                    rm.put("seconds", (r.finished() - r.created()) / 1000.0);
                }
                if (r.error() != null) rm.put("error", r.error());
                rm.put("counters", r.counters());
                rs.add(rm);
            }
            sm.put("jobs", rs);
            ss.add(sm);
        }
        m.put("stages", ss);
        return Json.writePretty(m);
    }

    /** Reads {@code _PIPELINE.json}. */
    public static PipelineSummary fromJson(String json) {
        try {
            JsonMap m = JsonMap.parse(json);
            List<Stage> stages = new ArrayList<>();
            for (JsonMap s : m.objects("stages")) {
                List<Run> runs = new ArrayList<>();
                for (JsonMap r : s.objects("jobs")) {
                    runs.add(new Run(
                            r.string("job"),
                            r.integer("iteration"),
                            JobStatus.valueOf(r.string("status")),
                            r.string("output"),
                            Times.parse(r.string("created")),
                            r.has("finished") ? Times.parse(r.string("finished")) : null,
                            r.longMap("counters"),
                            r.optString("error")));
                }
                stages.add(new Stage(s.integer("stage") - 1, s.string("name"), runs));
            }
            return new PipelineSummary(
                    m.string("pipeline"),
                    m.optString("name"),
                    PipelineStatus.valueOf(m.string("status")),
                    m.optString("error"),
                    m.optString("trigger"),
                    m.string("output"),
                    Times.parse(m.string("created")),
                    Times.parse(m.string("finished")),
                    stages);
        } catch (Json.JsonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a pipeline summary (_PIPELINE.json): " + e.getMessage(), e);
        }
    }
}
