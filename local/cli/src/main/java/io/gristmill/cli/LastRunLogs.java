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

    private LastRunLogs() {}

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
