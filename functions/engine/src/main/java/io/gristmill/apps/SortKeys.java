package io.gristmill.apps;

import io.gristmill.api.TaskContext;
import java.util.Locale;

/**
 * How the sort app orders lines: by the whole line (the default) or by the field after the line's
 * first TAB ({@code by=value}), as text or as a number ({@code numeric=true}), ascending or
 * descending ({@code order=desc}). Keys compare in Java {@code String} order, so each sort is
 * turned into a key whose String order is the wanted order: a self-delimiting encoding of the field,
 * then the whole line, so that ties keep the String order of the line.
 */
final class SortKeys {
    private final boolean byValue;
    private final boolean descending;
    private final boolean numeric;

    private SortKeys(boolean byValue, boolean descending, boolean numeric) {
        this.byValue = byValue;
        this.descending = descending;
        this.numeric = numeric;
    }

    static SortKeys from(TaskContext context) {
        String by = context.parameter("by", "line").toLowerCase(Locale.ROOT);
        if (!by.equals("line") && !by.equals("value")) {
            throw new IllegalArgumentException(
                    "parameter 'by' must be 'line' or 'value' (the field after the first" + " TAB), not '" + by + "'");
        }
        String order = context.parameter("order", "asc").toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new IllegalArgumentException("parameter 'order' must be 'asc' or 'desc', not '" + order + "'");
        }
        String numeric = context.parameter("numeric", "false").toLowerCase(Locale.ROOT);
        if (!numeric.equals("true") && !numeric.equals("false")) {
            throw new IllegalArgumentException("parameter 'numeric' must be true or false, not '" + numeric + "'");
        }
        return new SortKeys(by.equals("value"), order.equals("desc"), numeric.equals("true"));
    }

    /** Whether lines are their own keys (the plain sort): then no encoding is needed. */
    boolean plain() {
        return !byValue && !descending && !numeric;
    }

    /** The key that puts {@code line} in its place. */
    String key(String line) {
        String field = line;
        if (byValue) {
            int tab = line.indexOf('\t');
            field = tab < 0 ? "" : line.substring(tab + 1);
        }
        StringBuilder key = new StringBuilder(field.length() * 4 + line.length() + 17);
        if (numeric) number(field, key);
        else text(field, key);
        return key.append(line).toString();
    }

    /** 16 hex digits whose order is the number's: IEEE 754 bits, made to sort as unsigned. */
    private void number(String field, StringBuilder key) {
        double d;
        try {
            d = Double.parseDouble(field.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + abbreviate(field) + "' is not a number (numeric=true sorts by "
                    + (byValue ? "the field after the first TAB" : "the whole line") + ")");
        }
        if (Double.isNaN(d)) throw new IllegalArgumentException("NaN cannot be sorted");
        long bits = Double.doubleToLongBits(d == 0 ? 0.0 : d); // -0.0 sorts as 0.0
        long sortable = bits < 0 ? ~bits : bits | Long.MIN_VALUE;
        if (descending) sortable = ~sortable;
        String hex = Long.toHexString(sortable);
        key.append("0".repeat(16 - hex.length())).append(hex);
    }

    /**
     * Four hex digits per char (inverted when descending), then a terminator that sorts below every
     * digit (above, when descending), so a prefix comes before the longer text (after, descending).
     */
    private void text(String field, StringBuilder key) {
        for (int i = 0; i < field.length(); i++) {
            int c = descending ? 0xFFFF - field.charAt(i) : field.charAt(i);
            for (int shift = 12; shift >= 0; shift -= 4) key.append(Character.forDigit((c >> shift) & 0xF, 16));
        }
        key.append(descending ? '~' : ' ');
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
