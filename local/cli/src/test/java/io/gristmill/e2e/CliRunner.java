package io.gristmill.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Runs the grist command in this JVM, capturing what it prints. */
final class CliRunner {
    record Result(int code, String out, String err) {}

    private CliRunner() {}

    static Result run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Method run = Class.forName("io.gristmill.cli.Grist")
                .getDeclaredMethod("run", List.class, PrintStream.class, PrintStream.class);
        run.setAccessible(true);
        int code = (int) run.invoke(
                null,
                Arrays.asList(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
