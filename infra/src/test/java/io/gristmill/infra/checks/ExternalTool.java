package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A program the checks run as a separate process: cfn-lint, or python with aws-sam-translator. They are
 * not Maven artifacts, so a check that needs one is skipped, saying what is missing, where it is not
 * installed (CI and the project's machines have them: {@code pip install cfn-lint} brings both).
 */
final class ExternalTool {
    record Result(int code, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private ExternalTool() {}

    /** The program's path, or the test is skipped. */
    static Path require(String program, String why) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) return candidate;
        }
        assumeTrue(false, "skipped: " + program + " is not on the PATH (" + why + ")");
        return null;
    }

    static Result run(List<String> command, Map<String, String> environment, String stdin, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Read both streams while the process runs, so that neither pipe fills and blocks it.
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) process.destroyForcibly();
        assertTrue(finished, String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        return new Result(process.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> read(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
