package io.gristmill.cli;

import io.gristmill.engine.files.FileTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Keeps the function logs of the last {@code grist run} in .gristmill/logs/ of the working
 * directory (one file per instance, like CloudWatch log streams), with the job's id in
 * {@code .gristmill/logs/job}, so {@code grist logs} finds them after the local cloud is gone.
 */
final class LastRunLogs {
    static final Path DIR = Path.of(".gristmill", "logs");
    static final String JOB_FILE = "job";
    /** For a run on a running stack: the stack's logs folder, where its function logs are. */
    static final String STACK_FILE = "stack-logs";

    private LastRunLogs() {}

    /**
     * Records a run on a running stack: its job, and where the stack keeps the function logs (they stay
     * there, and grist logs reads them there).
     */
    static void point(Path stackLogs, String jobId, Console console) {
        try {
            FileTree.deleteOrThrow(DIR);
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve(STACK_FILE), stackLogs.toAbsolutePath() + "\n");
            if (jobId != null) Files.writeString(DIR.resolve(JOB_FILE), jobId + "\n");
        } catch (IOException e) {
            console.println("grist: could not record the run in " + DIR + ": " + e);
        }
    }

    /** Replaces the previous run's logs with these; a failure to copy is reported, never thrown. */
    static void keep(Path logs, String jobId, Console console) {
        try {
            FileTree.deleteOrThrow(DIR);
            Files.createDirectories(DIR);
            try (Stream<Path> walk = Files.walk(logs)) {
                for (Path p : walk.toList()) {
                    Path target = DIR.resolve(logs.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target);
                    else Files.copy(p, target);
                }
            }
            if (jobId != null) Files.writeString(DIR.resolve(JOB_FILE), jobId + "\n");
        } catch (IOException e) {
            console.println("grist: could not keep the logs in " + DIR + ": " + e);
        }
    }
}
