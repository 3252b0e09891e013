package io.gristmill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code grist report}'s own options: {@code --local} and {@code -o} as the options they stand for. */
class ReportCommandArgsTest {
    @Test
    void localIsTheLocalStacksEndpointBucketAndTable() throws Exception {
        List<String> args = ReportCommand.local(List.of("report-1", "--local", "-o", "r.html"));
        String endpoint = System.getenv("GRIST_LOCAL_ENDPOINT");
        assertEquals(
                List.of(
                        "report-1",
                        "--output",
                        "r.html",
                        "--endpoint-url",
                        endpoint == null || endpoint.isBlank() ? "http://127.0.0.1:4566" : endpoint.strip(),
                        "--bucket",
                        "gristmill-000000000000-us-east-1",
                        "--table",
                        "gristmill-jobs"),
                args);
        StackOptions options = StackOptions.from(Args.parse(
                "report",
                args,
                StatusCommand.union(StackOptions.VALUED, java.util.Set.of("output")),
                java.util.Set.of()));
        assertTrue(options.customEndpoints(), "it goes to the local endpoint, not to AWS");
    }

    @Test
    void whatIsGivenWinsOverTheLocalDefaults() throws Exception {
        List<String> args = ReportCommand.local(
                List.of("j", "--local", "--endpoint-url", "http://127.0.0.1:4599", "--table", "mine-jobs"));
        assertEquals(
                List.of(
                        "j",
                        "--endpoint-url",
                        "http://127.0.0.1:4599",
                        "--table",
                        "mine-jobs",
                        "--bucket",
                        "gristmill-000000000000-us-east-1"),
                args);
        assertEquals(List.of("j", "--stack", "s"), ReportCommand.local(List.of("j", "--stack", "s")), "no --local");
    }

    @Test
    void localAndAStackNameContradictEachOther() {
        UsageException e =
                assertThrows(UsageException.class, () -> ReportCommand.local(List.of("j", "--local", "--stack", "s")));
        assertTrue(e.getMessage().contains("without --stack"), e.getMessage());
    }

    @Test
    void theHelpSaysWhatItMakesAndHow() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        int code = Grist.run(List.of("report", "--help"), new java.io.PrintStream(out), System.err);
        assertEquals(0, code);
        assertTrue(out.toString().contains("grist report JOB [-o FILE]"), out.toString());
        var help = new java.io.ByteArrayOutputStream();
        Grist.run(List.of("help"), new java.io.PrintStream(help), System.err);
        assertTrue(help.toString().contains("report     a job's report"), "grist help lists it");
    }

    @Test
    void withoutALocalStackItSaysHowToStartOne() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        var err = new java.io.ByteArrayOutputStream();
        int code = Grist.run(
                List.of("report", "j", "--local", "--endpoint-url", "http://127.0.0.1:" + port),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("no local stack answers at http://127.0.0.1:" + port), err.toString());
        assertTrue(err.toString().contains("./grist up"), err.toString());
    }
}
