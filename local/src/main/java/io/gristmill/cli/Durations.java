package io.gristmill.cli;

import java.time.Duration;

/** Command-line durations: the engine's syntax ({@code 90s}, {@code 10m}), with errors that name the option. */
final class Durations {
    private Durations() {}

    static Duration parse(String option, String text) throws UsageException {
        try {
            return io.gristmill.engine.job.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + option + ": " + e.getMessage());
        }
    }

    static String format(long millis) {
        return io.gristmill.engine.job.Durations.format(millis);
    }
}
