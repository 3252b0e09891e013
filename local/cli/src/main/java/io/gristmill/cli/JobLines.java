package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Durations;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.PipelineRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How the stack commands show a job: one line in a list, a progress line, or every detail. */
final class JobLines {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    static final String HEADER =
            String.format("%-40s %-10s %-9s %-9s %-19s  %s", "JOB", "STATUS", "MAPS", "REDUCES", "STARTED", "TOOK");

    private JobLines() {}

    static String row(JobRecord job) {
        String line = String.format(
                "%-40s %-10s %-9s %-9s %-19s  %s",
                job.jobId(),
                job.status(),
                maps(job),
                reduces(job),
                TIME.format(Instant.ofEpochMilli(job.createdAt())),
                took(job));
        return job.error() == null ? line.stripTrailing() : line + "  " + firstLine(job.error());
    }

    static String progress(JobRecord job) {
        return "grist: " + job.jobId() + " " + job.status().name().toLowerCase() + " · maps " + maps(job)
                + " · reduces " + reduces(job) + " · " + took(job);
    }

    /** Every field, one per line, for {@code grist status JOB}. */
    static List<String> details(JobRecord job, String summaryUri) {
        List<String> lines = new ArrayList<>();
        lines.add("job        " + job.jobId() + (job.name() == null ? "" : " (name " + job.name() + ")"));
        lines.add("status     " + job.status());
        lines.add("trigger    " + job.trigger());
        if (job.output() != null) lines.add("output     " + job.output());
        lines.add("maps       " + maps(job) + " committed");
        lines.add("reduces    " + reduces(job) + " committed");
        lines.add("started    " + Instant.ofEpochMilli(job.createdAt()));
        if (job.finishedAt() != null) {
            lines.add("finished   " + Instant.ofEpochMilli(job.finishedAt()) + " (took " + took(job) + ")");
        }
        if (job.error() != null) lines.add("error      " + job.error());
        if (job.lastError() != null && !job.lastError().equals(job.error())) lines.add("last error " + job.lastError());
        if (job.status().finished() && summaryUri != null) lines.add("summary    " + summaryUri);
        return lines;
    }

    private static String maps(JobRecord job) {
        return job.maps() < 0 ? "-" : job.mapsDone() + "/" + job.maps();
    }

    private static String reduces(JobRecord job) {
        return job.reducers() < 0 ? "-" : job.reducesDone() + "/" + job.reducers();
    }

    private static String took(JobRecord job) {
        long end = job.finishedAt() != null ? job.finishedAt() : System.currentTimeMillis();
        return Durations.format(Math.max(0, end - job.createdAt()));
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        return first.length() > 120 ? first.substring(0, 117) + "..." : first;
    }

    static final String PIPELINE_HEADER =
            String.format("%-40s %-10s %-24s %-19s  %s", "PIPELINE", "STATUS", "STAGE", "STARTED", "TOOK");

    static String row(PipelineRecord p, Optional<JobRecord> current) {
        String stage = "-";
        if (p.definition().isPresent()
                && current.isPresent()
                && current.get().stage().isPresent()) {
            var ref = current.get().stage().get();
            stage = (ref.stage() + 1) + "/" + p.definition().get().stages().size() + " "
                    + p.definition().get().stages().get(ref.stage()).name()
                    + (ref.iteration() > 1 ? " #" + ref.iteration() : "");
        }
        long end = p.finishedAt() != null ? p.finishedAt() : System.currentTimeMillis();
        String line = String.format(
                "%-40s %-10s %-24s %-19s  %s",
                p.pipelineId(),
                p.status(),
                stage,
                TIME.format(Instant.ofEpochMilli(p.createdAt())),
                Durations.format(Math.max(0, end - p.createdAt())));
        return p.error() == null ? line.stripTrailing() : line + "  " + firstLine(p.error());
    }

    /** A pipeline, then each of its stages' jobs, for {@code grist status PIPELINE}. */
    static List<String> details(PipelineRecord p, JobClient client, java.util.function.Function<String, String> uri) {
        List<String> lines = new ArrayList<>();
        lines.add("pipeline   " + p.pipelineId() + (p.name() == null ? "" : " (name " + p.name() + ")"));
        lines.add("status     " + p.status());
        lines.add("trigger    " + p.trigger());
        lines.add("output     " + p.output());
        lines.add("started    " + Instant.ofEpochMilli(p.createdAt()));
        if (p.finishedAt() != null) lines.add("finished   " + Instant.ofEpochMilli(p.finishedAt()));
        if (p.error() != null) lines.add("error      " + p.error());
        if (p.definition().isPresent()) {
            var def = p.definition().get();
            for (int s = 0; s < def.stages().size(); s++) {
                var stage = def.stages().get(s);
                lines.add(String.format(
                        "stage %-4s %s%s",
                        (s + 1) + ":",
                        stage.name(),
                        stage.repeat() > 1 ? " (repeats up to " + stage.repeat() + " times)" : ""));
                for (int i = 1; i <= stage.repeat(); i++) {
                    Optional<JobRecord> job = client.job(def.stageJobId(p.pipelineId(), s, i));
                    if (job.isEmpty()) break;
                    lines.add("           " + row(job.get()));
                }
            }
        }
        if (p.status().finished()) lines.add("summary    " + uri.apply(p.outputPrefix() + JobClient.PIPELINE_SUMMARY));
        return lines;
    }
}
