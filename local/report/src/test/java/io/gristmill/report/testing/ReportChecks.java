package io.gristmill.report.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.JobSummary.TaskSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/** The report's markup contract, checked against the summary it shows: in its file, or in a browser's DOM. */
public final class ReportChecks {
    private ReportChecks() {}

    /**
     * One bar per attempt of the summary, with its task, its id and its outcome; the summary's status;
     * the rate chart with its three curves. Returns the parsed document.
     */
    public static Document assertContract(String html, JobSummary s) {
        Document doc = Jsoup.parse(html);
        Element summary = doc.selectFirst("section#summary[data-status]");
        assertNotNull(summary, "the summary carries data-status");
        assertEquals(s.status().name(), summary.attr("data-status"));
        Elements bars = doc.select("svg[data-chart=timeline] rect[data-attempt]");
        Map<String, Attempt> expected = new HashMap<>();
        for (TaskSummary t : s.tasks()) {
            for (Attempt a : t.attempts()) expected.put(t.task() + "/" + a.id(), a);
        }
        assertEquals(expected.size(), bars.size(), "one bar per attempt");
        for (Element bar : bars) {
            String key = bar.attr("data-task") + "/" + bar.attr("data-attempt");
            Attempt a = expected.remove(key);
            assertNotNull(a, "a bar for an attempt of the summary: " + key);
            assertEquals(a.outcome().word(), bar.attr("data-outcome"), "the outcome of " + key);
        }
        assertTrue(expected.isEmpty(), "every attempt has its bar: " + expected.keySet());
        Element rates = doc.selectFirst("svg[data-chart=rates]");
        assertNotNull(rates, "the rate chart is there");
        assertEquals(
                List.of("input", "shuffle", "output"),
                rates.select("[data-series]").eachAttr("data-series"),
                "Figure 3's three curves");
        return doc;
    }

    /** What only a browser shows: the script ran to its end without an error, and built the task table. */
    public static void assertScriptRan(Document dom, JobSummary s) {
        Element root = dom.selectFirst("html");
        assertEquals("", root.attr("data-errors"), "no script errors, and no request refused");
        assertEquals("true", root.attr("data-ready"), "the report's script ran to its end");
        Elements rows = dom.select("#task-table tbody tr[data-task]");
        assertEquals(Math.min(200, s.tasks().size()), rows.size(), "the task table lists the tasks (200 at first)");
        assertFalse(dom.select("#shown").text().isBlank(), "the table says how many tasks it shows");
    }
}
