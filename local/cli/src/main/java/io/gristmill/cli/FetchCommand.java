package io.gristmill.cli;

import io.gristmill.client.JobClient;
import io.gristmill.protocol.Keys;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code grist fetch JOB DIR}: copies a finished job's output (parts, _JOB.json, _SUCCESS) into a folder. */
final class FetchCommand {
    static final String HELP = """
            Usage: grist fetch JOB DIR (--stack NAME | --bucket B --table T) [options]

            Copies the output of a finished job into DIR, a new or empty folder: part-r-NNNNN, _JOB.json
            and _SUCCESS. For a failed job, copies its _JOB.json (which says why) and exits with 1.

            """ + StackOptions.HELP;

    int run(List<String> argv, Console console, PrintStream stdout) throws Exception {
        Args args =
                Args.parse("fetch", argv, StackOptions.VALUED, StatusCommand.union(StackOptions.FLAGS, Set.of("help")));
        if (args.flag("help")) {
            stdout.print(HELP);
            return 0;
        }
        if (args.positional().size() != 2)
            throw new UsageException("grist fetch takes a job and a folder: grist fetch JOB DIR");
        Path dir = Path.of(args.positional().get(1));
        checkFolder(dir);
        try (StackConnection stack = StackConnection.open(StackOptions.from(args))) {
            JobRecord job = JobResolver.find(stack, args.positional().get(0));
            if (!job.status().finished()) {
                throw new UsageException("job " + job.jobId() + " is " + job.status()
                        + "; wait for it first (grist wait " + job.jobId() + ")");
            }
            String prefix = JobClient.outputPrefix(job);
            Map<String, Path> files = stack.client().fetch(prefix, dir);
            if (job.status() == JobStatus.FAILED) {
                if (!files.containsKey("_JOB.json")) {
                    // A job refused for an occupied output prefix writes its summary to the default prefix.
                    files = stack.client().fetch(Keys.defaultOutput(job.jobId()), dir);
                }
                console.println("grist: job " + job.jobId() + " FAILED: " + job.error());
                console.println("grist: "
                        + (files.containsKey("_JOB.json") ? "its _JOB.json is in " + dir : "it has no _JOB.json yet"));
                return 1;
            }
            long parts =
                    files.keySet().stream().filter(n -> n.startsWith("part-")).count();
            console.println("grist: copied " + stack.uri(prefix) + " into " + dir + ": " + parts
                    + (parts == 1 ? " part" : " parts")
                    + (files.containsKey("_SUCCESS") ? ", _JOB.json, _SUCCESS" : ""));
            return 0;
        }
    }

    private static void checkFolder(Path dir) throws UsageException, IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new UsageException(dir + " is a file; give a new or empty folder");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException(
                            "folder " + dir + " is not empty; give a new or empty folder (nothing was written)");
                }
            }
        }
    }
}
