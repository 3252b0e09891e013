package io.gristmill.engine.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of a JSON object that Gristmill itself wrote (a task message, a plan, a job summary):
 * a missing or mistyped field means the document is corrupt, and the error names the field. Users'
 * manifests are read by {@code Manifest}, whose errors explain the fix instead.
 */
public record JsonMap(Map<String, Object> map) {

    public static JsonMap parse(String text) throws Json.JsonException {
        return new JsonMap(Json.parseObject(text));
    }

    public boolean has(String field) {
        return map.get(field) != null;
    }

    public String string(String field) {
        return require(field, String.class);
    }

    /** The field, or null when it is absent. */
    public String optString(String field) {
        Object v = map.get(field);
        return v == null ? null : cast(field, v, String.class);
    }

    public int integer(String field) {
        return require(field, Number.class).intValue();
    }

    public long longValue(String field) {
        return require(field, Number.class).longValue();
    }

    /** The field, or null when it is absent. */
    public Long optLong(String field) {
        Object v = map.get(field);
        return v == null ? null : cast(field, v, Number.class).longValue();
    }

    public double decimal(String field) {
        return require(field, Number.class).doubleValue();
    }

    /** The field, or false when it is absent. */
    public boolean bool(String field) {
        Object v = map.get(field);
        return v != null && cast(field, v, Boolean.class);
    }

    public JsonMap object(String field) {
        return new JsonMap(asMap(field, require(field, Map.class)));
    }

    public Optional<JsonMap> optObject(String field) {
        Object v = map.get(field);
        return v == null ? Optional.empty() : Optional.of(new JsonMap(asMap(field, cast(field, v, Map.class))));
    }

    /** A list of strings, empty when the field is absent. */
    public List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        for (Object o : list(field)) out.add(cast(field, o, String.class));
        return out;
    }

    /** A list of objects, empty when the field is absent. */
    public List<JsonMap> objects(String field) {
        List<JsonMap> out = new ArrayList<>();
        for (Object o : list(field)) out.add(new JsonMap(asMap(field, cast(field, o, Map.class))));
        return out;
    }

    /** An object of strings, empty when the field is absent. */
    public Map<String, String> stringMap(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        optObject(field).ifPresent(m -> m.map.forEach((k, v) -> out.put(k, cast(field + "." + k, v, String.class))));
        return out;
    }

    /** An object of whole numbers, empty when the field is absent. */
    public Map<String, Long> longMap(String field) {
        Map<String, Long> out = new LinkedHashMap<>();
        optObject(field)
                .ifPresent(m -> m.map.forEach((k, v) ->
                        out.put(k, cast(field + "." + k, v, Number.class).longValue())));
        return out;
    }

    private List<?> list(String field) {
        Object v = map.get(field);
        return v == null ? List.of() : cast(field, v, List.class);
    }

    private <T> T require(String field, Class<T> type) {
        Object v = map.get(field);
        if (v == null) throw new IllegalArgumentException("field '" + field + "' is missing");
        return cast(field, v, type);
    }

    private static <T> T cast(String field, Object v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("field '" + field + "' should be "
                    + type.getSimpleName().toLowerCase() + ", not " + Json.describe(v));
        }
        return type.cast(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(String field, Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
