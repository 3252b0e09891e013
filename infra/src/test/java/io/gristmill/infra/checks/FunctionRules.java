package io.gristmill.infra.checks;

import io.gristmill.infra.FunctionDef;
import io.gristmill.infra.Stack;
import io.gristmill.infra.StackSettings;
import io.gristmill.infra.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules for the functions, checked on the stack resolved with the parameters' defaults and with each
 * numeric parameter at its MinValue and at its MaxValue (a rule such as "SnapStart only with at most
 * 512 MB of /tmp" depends on parameters):
 *
 * <ul>
 *   <li>Runtime java21 or java25 (Amazon Linux 2023, supported until 2029) on arm64.
 *   <li>SnapStart only with AutoPublishAlias: SnapStart works on published versions only, and the alias
 *       is what the event sources invoke.
 *   <li>SnapStart only with at most 512 MB of ephemeral storage, SnapStart's limit.
 * </ul>
 */
final class FunctionRules {
    static final List<String> RUNTIMES = List.of("java21", "java25");

    private FunctionRules() {}

    static List<String> violations(Template template, StackSettings stack) {
        Set<String> violations = new LinkedHashSet<>();
        for (Map<String, String> parameters : parameterCombinations(template)) {
            Stack resolved = template.resolve(stack.withParameters(parameters));
            for (FunctionDef function : resolved.functions().values()) {
                String where = function.logicalId() + (parameters.isEmpty() ? "" : " with " + parameters);
                if (!RUNTIMES.contains(function.runtime())) {
                    violations.add(
                            function.logicalId() + ": runtime " + function.runtime() + " is not one of " + RUNTIMES);
                }
                if (!function.architectures().equals(List.of("arm64"))) {
                    violations.add(
                            function.logicalId() + ": architectures " + function.architectures() + ", not [arm64]");
                }
                if (function.snapStart() == null) continue;
                if (function.autoPublishAlias() == null) {
                    violations.add(where + ": SnapStart without AutoPublishAlias");
                }
                int storage = ephemeralStorage(function);
                if (storage > 512) {
                    violations.add(where + ": SnapStart with " + storage + " MB of ephemeral storage (at most 512)");
                }
            }
        }
        return new ArrayList<>(violations);
    }

    private static int ephemeralStorage(FunctionDef function) {
        Object storage = function.properties().get("EphemeralStorage");
        Object size = storage instanceof Map<?, ?> m ? m.get("Size") : null;
        return size == null ? 512 : Integer.parseInt(size.toString());
    }

    /** No overrides, then each numeric parameter alone at each of its bounds (unless that is its default). */
    private static List<Map<String, String>> parameterCombinations(Template template) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(Map.of());
        template.parameters().forEach((name, declaration) -> {
            for (String bound : List.of("MinValue", "MaxValue")) {
                Object value = declaration.get(bound);
                if (value != null && !value.toString().equals(String.valueOf(declaration.get("Default")))) {
                    Map<String, String> one = new LinkedHashMap<>();
                    one.put(name, value.toString());
                    combinations.add(one);
                }
            }
        });
        return combinations;
    }
}
