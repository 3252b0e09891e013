package io.gristmill.infra.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads evaluated IAM policy documents (intrinsics already resolved) into grants. */
final class PolicyDocuments {
    private PolicyDocuments() {}

    /** The grants of every Allow statement; NotAction and NotResource, which grant by exclusion, are refused. */
    static List<Grant> allows(Object document, String source) {
        return effect(document, source, "Allow");
    }

    /** What every Deny statement refuses, as grants of the denied action on the resource. */
    static List<Grant> denies(Object document, String source) {
        return effect(document, source, "Deny");
    }

    private static List<Grant> effect(Object document, String source, String effect) {
        List<Grant> grants = new ArrayList<>();
        for (Map<?, ?> statement : statements(document)) {
            if (!effect.equals(statement.get("Effect"))) continue;
            String where = source + (statement.get("Sid") == null ? "" : " (" + statement.get("Sid") + ")");
            if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                throw new IllegalArgumentException(
                        where + " uses NotAction/NotResource, which applies to everything else");
            }
            for (String action : strings(statement.get("Action"))) {
                for (String resource : strings(statement.get("Resource"))) {
                    grants.add(new Grant(action, resource, where));
                }
            }
        }
        return grants;
    }

    static List<Map<?, ?>> statements(Object document) {
        Object statement = document instanceof Map<?, ?> d ? d.get("Statement") : null;
        List<Map<?, ?>> out = new ArrayList<>();
        if (statement instanceof Map<?, ?> one) out.add(one);
        if (statement instanceof List<?> many) many.forEach(s -> out.add((Map<?, ?>) s));
        return out;
    }

    static List<String> strings(Object value) {
        if (value == null) return List.of();
        if (value instanceof List<?> list)
            return list.stream().map(String::valueOf).toList();
        return List.of(String.valueOf(value));
    }
}
