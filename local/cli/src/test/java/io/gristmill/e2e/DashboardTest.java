package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.client.JobClient;
import io.gristmill.client.StackEndpoint;
import io.gristmill.engine.job.Manifest;
import io.gristmill.local.RuntimeMode;
import io.gristmill.local.stack.StackServer;
import io.gristmill.protocol.state.JobStatus;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.report.JobReports;
import io.gristmill.report.testing.Chromium;
import io.gristmill.report.testing.ReportChecks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of the stack that grist up runs, at its edge's {@code /_gristmill/}: a job appears
 * while it runs, with its progress, its live report, and then its end. Checked over HTTP, and in
 * Chromium where it is installed.
 */
class DashboardTest {
    @TempDir
    Path tmp;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String get(URI uri) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> uri + ": " + r.body());
        return r.body();
    }

    @Test
    void aJobAppearsWhileItRunsWithItsLiveReportAndThenItsEnd() throws Exception {
        try (StackServer stack = StackServer.start(StackServer.Config.defaults(tmp.resolve("stack"))
                        .withPort(0)
                        .withRuntime(RuntimeMode.IN_JVM)
                        .withConcurrency(4)
                        .withLog(line -> {}));
                StackEndpoint endpoint =
                        StackEndpoint.discover(stack.endpoint()).orElseThrow()) {
            watch(endpoint.jobs(), stack.endpoint().resolve("/_gristmill/"));
        }
    }

    private void watch(JobClient client, URI dashboard) throws Exception {
        List<Path> docs = Corpus.write(tmp.resolve("in"), 2, 200, 61);
        client.upload("uploads/dashboard/", docs);
        Manifest spec = Jobs.classes(
                        "io.gristmill.e2e.jobs.SlowMapper",
                        "io.gristmill.apps.SumReducer",
                        List.of("uploads/dashboard/"),
                        "output/dashboard/",
                        1,
                        1L << 30)
                .toBuilder()
                .params(Map.of("sleepMs", "5000"))
                .build();
        {
            String id = client.awaitJobId(client.submit("dashboard-slow", spec), Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (client.table().tasks(id, TaskKind.MAP).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "a map attempt started");
                Thread.sleep(50);
            }
            Document list = Jsoup.parse(get(dashboard));
            var row = list.selectFirst("#jobs tr[data-job=" + id + "]");
            assertNotNull(row, "the running job is listed");
            assertEquals("MAPPING", row.attr("data-status"));
            assertEquals("0/2", row.selectFirst("td[data-maps]").text(), "its maps so far");
            assertEquals("0/1", row.selectFirst("td[data-reduces]").text());
            String link = row.selectFirst("a").attr("href");
            Document live = Jsoup.parse(get(dashboard.resolve(link)));
            assertEquals("MAPPING", live.selectFirst("[data-status]").attr("data-status"));
            assertNotNull(live.selectFirst("meta[http-equiv=refresh]"), "the live report reloads itself");
            assertFalse(live.select("rect[data-outcome=running]").isEmpty(), "with its running attempts");

            if (Chromium.unavailable().isEmpty()) {
                Document dom = Jsoup.parse(Chromium.dom(dashboard, 3_000).dom());
                assertEquals("", dom.selectFirst("html").attr("data-errors"), "no script errors, no request refused");
                assertFalse(dom.selectFirst("html").attr("data-refreshed").isEmpty(), "the page refreshed its rows");
                assertNotNull(dom.selectFirst("#jobs tr[data-job=" + id + "]"));
                Document report =
                        Jsoup.parse(Chromium.dom(dashboard.resolve(link), 0).dom());
                assertEquals("", report.selectFirst("html").attr("data-errors"));
                assertEquals("true", report.selectFirst("html").attr("data-ready"));
            } else {
                System.out.println("DashboardTest: " + Chromium.unavailable().get());
            }

            assertEquals(
                    JobStatus.SUCCEEDED,
                    client.await(id, Duration.ofSeconds(60), j -> {}).status());
            Document after = Jsoup.parse(get(dashboard));
            assertEquals(
                    "SUCCEEDED",
                    after.selectFirst("#jobs tr[data-job=" + id + "]").attr("data-status"));
            assertEquals(
                    "2/2",
                    after.selectFirst("#jobs tr[data-job=" + id + "] td[data-maps]")
                            .text());
            String html = get(dashboard.resolve(link));
            JobSummary s = new JobReports(client.table(), client.objects())
                    .summary(id, System.currentTimeMillis())
                    .orElseThrow();
            Document done = ReportChecks.assertContract(html, s);
            assertTrue(done.select("meta[http-equiv=refresh]").isEmpty(), "a finished job's report stays put");
        }
    }
}
