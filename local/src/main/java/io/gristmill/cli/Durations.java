package io.gristmill.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 90s}, {@code 10m}, {@code 2h}, {@code 500ms}. */
final class Durations {
    private static final Pattern D = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h)?\\s*");

    private Durations() {}

    static Duration parse(String option, String text) throws UsageException {
        Matcher m = D.matcher(text);
        if (!m.matches()) throw new UsageException("--" + option + " must be a duration such as 90s, 10m or 2h, not '" + text + "'");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    static String format(long millis) {
        if (millis < 60_000) return String.format("%.1f s", millis / 1000.0);
        return String.format("%d min %02d s", millis / 60_000, (millis / 1000) % 60);
    }
}
