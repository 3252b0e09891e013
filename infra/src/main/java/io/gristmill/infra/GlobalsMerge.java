package io.gristmill.infra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SAM's Globals rules: a resource's own primitive value replaces the global one, maps merge key by key (so
 * Environment.Variables combine, the function's own winning), and lists are additive with the global
 * entries first. An intrinsic function counts as a primitive: it is a value, not a map to merge into.
 */
final class GlobalsMerge {

    private GlobalsMerge() {}

    static Map<String, Object> merge(Map<String, Object> globals, Map<String, Object> own) {
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) mergeValue(globals, own);
        return merged;
    }

    private static Object mergeValue(Object global, Object own) {
        if (own == null) {
            return global;
        }
        if (global == null) {
            return own;
        }
        if (isPlainMap(global) && isPlainMap(own)) {
            Map<Object, Object> result = new LinkedHashMap<>((Map<?, ?>) global);
            ((Map<?, ?>) own).forEach((key, value) -> result.put(key, mergeValue(result.get(key), value)));
            return Collections.unmodifiableMap(result);
        }
        if (global instanceof List<?> globalList && own instanceof List<?> ownList) {
            List<Object> result = new ArrayList<>(globalList);
            result.addAll(ownList);
            return Collections.unmodifiableList(result);
        }
        return own;
    }

    private static boolean isPlainMap(Object value) {
        return value instanceof Map<?, ?> && Intrinsics.functionName(value) == null;
    }
}
