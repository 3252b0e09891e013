package io.gristmill.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grist logs} after a {@code grist run} in process mode: the job's requests, by instance and request id. */
class LogsCommandTest {
    private static final Pattern LINE =
            Pattern.compile("^(CoordinatorFunction|MapFunction|ReduceFunction)/\\d{3} [0-9a-f-]{36}  (.*)$");

    @TempDir
    Path tmp;

    @Test
    void logsShowEveryRequestOfTheLastRunsJobPrefixedWithItsInstanceAndRequestId() throws Exception {
        Corpus.write(tmp.resolve("books"), 2, 400, 41);
        CliRunner.Result run = CliRunner.run(
                "run",
                "wordcount",
                "--runtime",
                "process",
                "--input",
                tmp.resolve("books").toString(),
                "--output",
                tmp.resolve("out").toString(),
                "--reducers",
                "2",
                "--split-size",
                "8KB");
        assertEquals(0, run.code(), () -> run.out() + run.err());
        assertTrue(run.out().contains("instances coordinator 1"), run.out());
        Matcher id = Pattern.compile("job (\\S+) SUCCEEDED").matcher(run.out());
        assertTrue(id.find(), run.out());
        String job = id.group(1);
        assertEquals(job, Files.readString(Path.of(".gristmill", "logs", "job")).trim());

        CliRunner.Result logs = CliRunner.run("logs");
        assertEquals(0, logs.code(), logs::err);
        List<String> lines = logs.out().lines().toList();
        for (String line : lines)
            assertTrue(LINE.matcher(line).matches(), "prefixed with instance and request: " + line);
        assertTrue(lines.stream().anyMatch(l -> l.contains("[" + job + "] planned")), logs.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("[" + job + " m-00000] attempt")), logs.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("[" + job + " r-00001] committed")), logs.out());
        long starts =
                lines.stream().filter(l -> l.contains(" START RequestId: ")).count();
        long reports =
                lines.stream().filter(l -> l.contains(" REPORT RequestId: ")).count();
        assertTrue(starts >= 3 && starts == reports, "whole requests: " + starts + " START, " + reports + " REPORT");

        assertEquals(logs.out(), CliRunner.run("logs", job).out(), "the last run's job is the default");
        CliRunner.Result none = CliRunner.run("logs", "no-such-job");
        assertEquals(1, none.code());
        assertTrue(none.out().contains("no function log line mentions no-such-job"), none.out());
    }
}
