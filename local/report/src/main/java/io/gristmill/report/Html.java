package io.gristmill.report;

import io.gristmill.engine.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Escaping and number formats for the report's markup. Everything a job or a user named is escaped. */
final class Html {
    private Html() {}

    /** Text or an attribute value, safe inside either. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r == null && sb == null) continue;
            if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (r == null) sb.append(c);
            else sb.append(r);
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * JSON to embed in a {@code <script type="application/json">}: a {@code <} in a string could close
     * the element, so it is written as its escape (JSON has no {@code <} outside strings).
     */
    static String scriptJson(Object value) {
        return Json.write(value).replace("<", "\\u003c");
    }

    /** A coordinate with at most one decimal: small files for large jobs. */
    static String num(double v) {
        long tenths = Math.round(v * 10);
        long whole = tenths / 10;
        long frac = Math.abs(tenths % 10);
        if (frac == 0) return Long.toString(whole);
        return (tenths < 0 && whole == 0 ? "-" : "") + whole + "." + frac;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** MB/s with two significant digits below 10. */
    static String rate(double mbPerSecond) {
        if (mbPerSecond >= 10) return String.format(Locale.ROOT, "%.0f MB/s", mbPerSecond);
        return String.format(Locale.ROOT, "%.2g MB/s", mbPerSecond);
    }

    static String resource(String name) {
        try (InputStream in = Html.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name + " next to " + Html.class);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
