package io.gristmill.e2e;

import io.gristmill.local.Home;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * template.yaml with task queues whose messages reappear within seconds of a crashed attempt, and
 * a short task timeout, for tests that crash or hang functions. The stack's own queues keep a
 * message invisible for 5400 s (6 x the 900 s timeout, as AWS advises), which a test cannot wait
 * for, and TaskTimeout cannot go below 30 s; everything else is the real template.
 */
final class FastRecoveryTemplate {
    static final int TASK_TIMEOUT_SECONDS = 10;
    static final int VISIBILITY_TIMEOUT_SECONDS = 12;

    private FastRecoveryTemplate() {}

    static Path write(Path dir) throws IOException {
        String yaml = Files.readString(Home.template());
        yaml = replace(yaml, "VisibilityTimeout: 5400", "VisibilityTimeout: " + VISIBILITY_TIMEOUT_SECONDS, 2);
        yaml = replace(yaml, "Timeout: !Ref TaskTimeout", "Timeout: " + TASK_TIMEOUT_SECONDS, 2);
        Path file = Files.createDirectories(dir).resolve("template.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String replace(String yaml, String from, String to, int expected) {
        int found = yaml.split(java.util.regex.Pattern.quote(from), -1).length - 1;
        if (found != expected) {
            throw new IllegalStateException("template.yaml has " + found + " x '" + from + "', expected " + expected
                    + ": update FastRecoveryTemplate");
        }
        return yaml.replace(from, to);
    }
}
