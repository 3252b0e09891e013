package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Durations;
import io.gristmill.engine.job.Pipeline;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.protocol.state.PipelineStatus;
import io.gristmill.protocol.state.PipelineSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** How the CLI follows a pipeline to its end and shows it: {@code grist run} and {@code grist wait}. */
final class PipelineRun {
    private PipelineRun() {}

    /**
     * Follows a pipeline, then copies its last stage's output, each stage's {@code _JOB.json} and
     * {@code _PIPELINE.json} into {@code output}. Returns the exit code: 0 when it succeeded.
     */
    static int await(JobClient client, String pipelineId, Path output, Duration timeout, long start, Console console)
            throws Exception {
        long pipelineStart = System.currentTimeMillis();
        PipelineRecord done = client.awaitPipeline(
                pipelineId,
                timeout,
                Duration.ofMillis(100),
                (p, stage) -> console.progress(progressLine(p, stage, pipelineStart)));
        console.endProgress();
        Map<String, Path> files = client.fetchPipeline(done, output);
        if (done.status() == PipelineStatus.FAILED) {
            console.println("grist: pipeline " + pipelineId + " FAILED: " + done.error());
            console.println("grist: details in " + output.resolve(JobClient.PIPELINE_SUMMARY)
                    + " and each stage's _JOB.json; function logs: grist logs");
            return 1;
        }
        PipelineSummary summary = PipelineSummary.fromJson(Files.readString(files.get(JobClient.PIPELINE_SUMMARY)));
        console.println("grist: pipeline " + pipelineId + " SUCCEEDED in "
                + Durations.format(System.currentTimeMillis() - start) + " (the pipeline itself: "
                + Durations.format(summary.finished() - summary.created()) + ")");
        for (PipelineSummary.Stage s : summary.stages()) {
            long out = s.runs().isEmpty()
                    ? 0
                    : s.runs().get(s.runs().size() - 1).counters().getOrDefault("reduce.output.records", 0L);
            console.println(String.format(
                    "  stage %d  %-12s %d %s, %,d records out",
                    s.index() + 1, s.name(), s.runs().size(), s.runs().size() == 1 ? "job" : "jobs", out));
        }
        long parts = files.keySet().stream().filter(n -> n.startsWith("part-")).count();
        console.println("  output    " + output + " (" + parts + (parts == 1 ? " part" : " parts")
                + " of the last stage, _PIPELINE.json, each stage's _JOB.json)");
        return 0;
    }

    /** {@code grist: running · stage 2/3 (top) · maps 3/3 · reduces 0/1 · 12.3 s} */
    static String progressLine(PipelineRecord p, Optional<JobRecord> stage, long start) {
        StringBuilder sb =
                new StringBuilder("grist: pipeline " + p.status().name().toLowerCase());
        if (stage.isPresent()
                && p.definition().isPresent()
                && stage.get().stage().isPresent()) {
            Pipeline def = p.definition().get();
            var ref = stage.get().stage().get();
            sb.append(" · stage ")
                    .append(ref.stage() + 1)
                    .append('/')
                    .append(def.stages().size())
                    .append(" (")
                    .append(def.stages().get(ref.stage()).name());
            if (ref.iteration() > 1) sb.append(", iteration ").append(ref.iteration());
            sb.append(')');
            JobRecord j = stage.get();
            if (j.maps() >= 0) {
                sb.append(" · maps ")
                        .append(j.mapsDone())
                        .append('/')
                        .append(j.maps())
                        .append(" · reduces ")
                        .append(j.reducesDone())
                        .append('/')
                        .append(j.reducers());
            }
        }
        return sb.append(" · ")
                .append(Durations.format(System.currentTimeMillis() - start))
                .toString();
    }
}
