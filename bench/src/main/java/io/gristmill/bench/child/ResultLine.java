package io.gristmill.bench.child;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A child's result: one flat JSON object, written by hand because the Spark and Hadoop JVMs carry no
 * JSON library of Gristmill's. The harness finds it on the line that starts with {@link #PREFIX}.
 */
public final class ResultLine {
    public static final String PREFIX = "BENCH-RESULT ";
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public ResultLine put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        for (var e : fields.entrySet()) {
            if (sb.length() > 1) sb.append(',');
            quote(sb, e.getKey());
            sb.append(':');
            Object v = e.getValue();
            if (v instanceof Number || v instanceof Boolean) sb.append(v);
            else quote(sb, String.valueOf(v));
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }
}
