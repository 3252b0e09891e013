package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.engine.json.JsonMap;
import io.gristmill.protocol.state.JobSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grist simulate} as a user types it: one JSON object on stdout, the job's _JOB.json as a report. */
class SimulateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void jsonIsOneObjectWithTheJobsFigures() throws Exception {
        Path report = tmp.resolve("job.json");
        CliRunner.Result r = CliRunner.run(
                "simulate",
                "--app",
                "sort",
                "--size",
                "2GB",
                "--reducers",
                "8",
                "--kill",
                "3@5s",
                "--stragglers",
                "0.05:5",
                "--json",
                "--report",
                report.toString());
        assertEquals(0, r.code(), () -> r.out() + r.err());
        JsonMap json = JsonMap.parse(r.out().trim());
        assertEquals("SUCCEEDED", json.string("status"));
        assertTrue(json.decimal("seconds") > 0);
        assertEquals(32, json.integer("maps"));
        assertEquals(8, json.integer("reduces"));
        assertTrue(json.integer("attempts") >= 40);
        assertTrue(json.decimal("costUsd") > 0);
        assertTrue(json.object("requests").longValue("S3.GetObject") >= 32 * 8);
        assertTrue(json.has("throttled"));
        assertEquals(32, JobSummary.fromJson(Files.readString(report)).maps());
    }

    @Test
    void theReportIsTheOneRealJobsGet() throws Exception {
        Path report = tmp.resolve("job.html");
        CliRunner.Result r = CliRunner.run(
                "simulate",
                "--app",
                "sort",
                "--size",
                "1GB",
                "--reducers",
                "4",
                "--json",
                "--report",
                report.toString());
        assertEquals(0, r.code(), () -> r.out() + r.err());
        int attempts = JsonMap.parse(r.out().trim()).integer("attempts");
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(Files.readString(report));
        assertEquals("SUCCEEDED", page.selectFirst("section#summary").attr("data-status"));
        assertEquals(
                attempts,
                page.select("svg[data-chart=timeline] rect[data-attempt]").size(),
                "a bar per attempt");
        assertEquals(1, page.select("svg[data-chart=rates]").size(), "the rates of Figure 3");
    }

    @Test
    void badFlagsSayWhatToWrite() throws Exception {
        CliRunner.Result r = CliRunner.run("simulate", "--app", "sort", "--size", "1GB", "--kill", "200");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--kill takes N@TIME, e.g. 200@120s"), r.err());
        CliRunner.Result app = CliRunner.run("simulate", "--app", "grepp", "--size", "1GB");
        assertTrue(app.code() != 0 && (app.err() + app.out()).contains("sort, wordcount"), app.err());
    }
}
