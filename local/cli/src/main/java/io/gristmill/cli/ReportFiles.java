package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.engine.job.Pipeline;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.PipelineRecord;
import io.gristmill.report.JobReports;
import io.gristmill.report.ReportOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code _REPORT.html} that {@code grist run} leaves beside each {@code _JOB.json} it copies: the
 * job's report (see {@link io.gristmill.report.JobReport}), made from the stack before it stops. A
 * report that cannot be made is a warning, never a failed run.
 */
final class ReportFiles {
    static final String NAME = "_REPORT.html";

    private ReportFiles() {}

    /** Writes the job's report into {@code dir}; its path, or empty when it could not be made (said on the console). */
    static Optional<Path> job(JobClient client, String jobId, Path dir, Console console) {
        try {
            Optional<String> html = reports(client).html(jobId, ReportOptions.file());
            if (html.isEmpty()) return Optional.empty();
            return Optional.of(write(dir.resolve(NAME), html.get()));
        } catch (IOException | RuntimeException e) {
            console.println("grist: could not write the job's report (" + e + "); _JOB.json has the facts");
            return Optional.empty();
        }
    }

    /**
     * A pipeline's reports: each stage job's beside its {@code _JOB.json} ({@code dir/<stage>/}, and
     * {@code iteration-<n>/} below it for a repeating stage) and the last stage's job at the top, each
     * with the pipeline's summary. Returns the top one.
     */
    static Optional<Path> pipeline(JobClient client, String pipelineId, Path dir, Console console) {
        try {
            Optional<PipelineRecord> p = client.pipeline(pipelineId);
            if (p.isEmpty() || p.get().definition().isEmpty()) return Optional.empty();
            Pipeline def = p.get().definition().get();
            JobReports reports = reports(client);
            String last = null;
            for (int s = 0; s < def.stages().size(); s++) {
                for (int i = 1; i <= def.stages().get(s).repeat(); i++) {
                    String id = def.stageJobId(pipelineId, s, i);
                    Optional<JobRecord> job = client.job(id);
                    if (job.isEmpty()) continue;
                    last = id;
                    String prefix = job.get().outputPrefix();
                    Path folder = prefix.startsWith(p.get().outputPrefix())
                            ? dir.resolve(
                                    prefix.substring(p.get().outputPrefix().length()))
                            : null;
                    if (folder != null && Files.isDirectory(folder)) {
                        Optional<String> html = reports.html(id, ReportOptions.file());
                        if (html.isPresent()) write(folder.resolve(NAME), html.get());
                    }
                }
            }
            if (last == null) return Optional.empty();
            Optional<String> top = reports.html(last, ReportOptions.file());
            return top.isEmpty() ? Optional.empty() : Optional.of(write(dir.resolve(NAME), top.get()));
        } catch (IOException | RuntimeException e) {
            console.println("grist: could not write the pipeline's reports (" + e + "); _PIPELINE.json has the facts");
            return Optional.empty();
        }
    }

    static JobReports reports(JobClient client) {
        return new JobReports(client.table(), client.objects());
    }

    static Path write(Path file, String html) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
        return file;
    }
}
