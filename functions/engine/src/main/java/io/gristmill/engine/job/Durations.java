package io.gristmill.engine.job;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 500ms}, {@code 90s}, {@code 10m}, {@code 2h}; a bare number is seconds. */
public final class Durations {
    private static final Pattern D = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?\\s*");

    private Durations() {}

    /** @throws IllegalArgumentException naming the accepted forms */
    public static Duration parse(String text) {
        Matcher m = D.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 90s, 10m or 2h");
        }
        double n = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> n;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    public static String format(long millis) {
        if (millis < 1000) return millis + " ms";
        if (millis < 60_000) return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        return String.format(java.util.Locale.ROOT, "%d min %02d s", millis / 60_000, (millis / 1000) % 60);
    }
}
