package io.gristmill.engine.input;

import io.gristmill.engine.json.JsonMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes {@code [start, end)} of one object: the input of one map task. A line belongs to the
 * split in which its first byte lies, so the reader skips a partial first line and finishes its
 * last line past {@code end}.
 */
public record Split(int index, String key, String name, long start, long end, long objectSize, boolean gzip) {

    public long length() {
        return end - start;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("key", key);
        m.put("name", name);
        m.put("start", start);
        m.put("end", end);
        m.put("size", objectSize);
        if (gzip) m.put("gzip", true);
        return m;
    }

    public static Split fromMap(JsonMap m) {
        return new Split(
                m.integer("index"),
                m.string("key"),
                m.string("name"),
                m.longValue("start"),
                m.longValue("end"),
                m.longValue("size"),
                m.bool("gzip"));
    }
}
