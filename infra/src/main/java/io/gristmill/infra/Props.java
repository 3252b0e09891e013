package io.gristmill.infra;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of an evaluated property map. CloudFormation is lax about types (a Ref of a Number parameter
 * is the string "1769", a literal is the number 1769), so reads accept both; a wrong or missing value
 * fails with its path in the template.
 */
final class Props {
    private final Map<?, ?> values;
    private final String where;

    private Props(Map<?, ?> values, String where) {
        this.values = values;
        this.where = where;
    }

    static Props of(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return new Props(map, where);
        }
        throw new TemplateException("Expected a mapping at " + where + ", got: " + value);
    }

    /** The underlying map, with string keys as in every template. */
    @SuppressWarnings("unchecked")
    Map<String, Object> raw() {
        return (Map<String, Object>) values;
    }

    String where(String key) {
        return where + "." + key;
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    String string(String key) {
        String value = optString(key);
        if (value == null) {
            throw new TemplateException("Missing " + where(key));
        }
        return value;
    }

    String optString(String key) {
        Object value = values.get(key);
        return value == null ? null : Intrinsics.string(value, where(key));
    }

    int integer(String key, int defaultValue) {
        Integer value = optInteger(key);
        return value == null ? defaultValue : value;
    }

    int integer(String key) {
        Integer value = optInteger(key);
        if (value == null) {
            throw new TemplateException("Missing " + where(key));
        }
        return value;
    }

    Integer optInteger(String key) {
        String value = optString(key);
        try {
            return value == null ? null : new BigDecimal(value.trim()).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TemplateException("Expected a whole number at " + where(key) + ", got: " + value);
        }
    }

    boolean bool(String key, boolean defaultValue) {
        String value = optString(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new TemplateException("Expected true or false at " + where(key) + ", got: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    /** A nested mapping; empty when absent, so optional sections read without null checks. */
    Props props(String key) {
        Object value = values.get(key);
        return of(value == null ? Map.of() : value, where(key));
    }

    /** A list of mappings; empty when absent. */
    List<Props> propsList(String key) {
        List<Props> result = new ArrayList<>();
        List<?> list = list(key);
        for (int i = 0; i < list.size(); i++) {
            result.add(of(list.get(i), where(key) + "[" + i + "]"));
        }
        return result;
    }

    /** A list of strings (a single string counts as a list of one); empty when absent. */
    List<String> strings(String key) {
        Object value = values.get(key);
        if (value != null && !(value instanceof List<?>)) {
            return List.of(Intrinsics.string(value, where(key)));
        }
        List<String> result = new ArrayList<>();
        list(key).forEach(element -> result.add(Intrinsics.string(element, where(key))));
        return Collections.unmodifiableList(result);
    }

    /** Each entry of this mapping as a nested mapping (e.g. a function's Events by name). */
    Map<String, Props> entries() {
        Map<String, Props> result = new LinkedHashMap<>();
        values.forEach((key, value) -> result.put(key.toString(), of(value, where(key.toString()))));
        return result;
    }

    /** This mapping with every value read as a string (e.g. environment variables). */
    Map<String, String> stringMap() {
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((key, value) -> result.put(key.toString(), Intrinsics.string(value, where(key.toString()))));
        return Collections.unmodifiableMap(result);
    }

    private List<?> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw new TemplateException("Expected a list at " + where(key) + ", got: " + value);
    }
}
