package io.gristmill.engine.job;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as people write them: {@code 65536}, {@code 64KB}, {@code 64 MB}, {@code 1.5GiB}. */
public final class Sizes {
    private static final Pattern SIZE =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b?)\\s*", Pattern.CASE_INSENSITIVE);

    private Sizes() {}

    /**
     * Parses a size; units are binary (1 KB = 1024 bytes), as in Hadoop and most storage tools.
     *
     * @throws IllegalArgumentException with the accepted forms when the text is not a size
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches() || (m.group(3).equalsIgnoreCase("i"))) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 65536, 64KB, 64MB or 1GB");
        }
        double number = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "" -> 1L;
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            default -> 1L << 40;
        };
        double bytes = number * unit;
        if (bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return Math.round(bytes);
    }

    /** Formats a byte count for people: {@code 512 B}, {@code 1.4 KB}, {@code 64.0 MB}. */
    public static String format(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int i = -1;
        while (value >= 1024 && i < units.length - 1) {
            value /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[i]);
    }
}
