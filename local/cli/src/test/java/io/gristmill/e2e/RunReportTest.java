package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.protocol.state.JobSummary;
import io.gristmill.report.testing.ReportChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grist run} leaves {@code _REPORT.html} beside each {@code _JOB.json}, and says where, whether the
 * job succeeded or failed.
 */
class RunReportTest {
    @TempDir
    Path tmp;

    /** A pipeline: each stage's report beside its _JOB.json, and the last stage's at the top. */
    @Test
    void aSucceededRunWritesItsReportsBesideJobJson() throws Exception {
        Corpus.write(tmp.resolve("books"), 2, 300, 17);
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run(
                "run",
                "topwords",
                "--runtime",
                "in-jvm",
                "--input",
                tmp.resolve("books").toString(),
                "--output",
                out.toString(),
                "--param",
                "k=5");
        assertEquals(0, r.code(), () -> r.out() + r.err());
        Path report = out.resolve("_REPORT.html");
        assertTrue(r.out().contains("  report    " + report + " (open it in a browser)"), r.out());
        for (String stage : List.of("count", "top")) {
            Path dir = out.resolve(stage);
            JobSummary s = JobSummary.fromJson(Files.readString(dir.resolve("_JOB.json")));
            Document doc = ReportChecks.assertContract(Files.readString(dir.resolve("_REPORT.html")), s);
            assertEquals("SUCCEEDED", doc.selectFirst("#pipeline").attr("data-pipeline-status"));
        }
        JobSummary last =
                JobSummary.fromJson(Files.readString(out.resolve("top").resolve("_JOB.json")));
        ReportChecks.assertContract(Files.readString(report), last);
    }

    @Test
    void aFailedRunWritesItsReportWithTheTaskAndItsLastError() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("bad.txt"), "all is well\nthis line is POISON to the mapper\n");
        Path out = tmp.resolve("out");
        CliRunner.Result r = CliRunner.run(
                "run",
                "--runtime",
                "in-jvm",
                "--mapper",
                "io.gristmill.e2e.jobs.PoisonMapper",
                "--reducer",
                "io.gristmill.apps.SumReducer",
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--max-attempts",
                "2");
        assertEquals(1, r.code(), () -> r.out() + r.err());
        Path report = out.resolve("_REPORT.html");
        assertTrue(r.out().contains("grist: report: " + report), r.out());
        JobSummary s = JobSummary.fromJson(Files.readString(out.resolve("_JOB.json")));
        Document doc = ReportChecks.assertContract(Files.readString(report), s);
        Element task = doc.selectFirst(".banner.failed [data-failed-task=m-00000]");
        assertNotNull(task, "the report names the task that failed");
        assertTrue(task.text().contains("2 attempts"), task.text());
        assertTrue(task.text().contains("cannot digest this line"), "with its last error: " + task.text());
        assertEquals(
                2, doc.select("rect[data-task=m-00000][data-outcome=failed]").size(), "both attempts failed");
    }
}
