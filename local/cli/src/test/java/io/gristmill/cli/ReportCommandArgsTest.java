package io.gristmill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code grist report}'s own options: {@code --local} and {@code -o} as the options they stand for. */
class ReportCommandArgsTest {
    @Test
    void dashOIsTheOutputAndLocalIsTheStackOfGristUp() throws Exception {
        List<String> args = ReportCommand.shortOptions(List.of("report-1", "--local", "-o", "r.html"));
        assertEquals(List.of("report-1", "--local", "--output", "r.html"), args);
        StackOptions options = StackOptions.from(Args.parse(
                "report",
                args,
                StatusCommand.union(StackOptions.VALUED, java.util.Set.of("output")),
                StackOptions.FLAGS));
        assertTrue(options.local(), "--local is the stack of grist up");
    }

    @Test
    void localAndAStackNameContradictEachOther() throws Exception {
        var err = new java.io.ByteArrayOutputStream();
        int code = Grist.run(
                List.of("report", "j", "--local", "--stack", "s"),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err));
        assertEquals(2, code);
        assertTrue(err.toString().contains("without --stack"), err.toString());
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
