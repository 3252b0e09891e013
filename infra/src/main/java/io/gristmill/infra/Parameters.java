package io.gristmill.infra;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's parameters with their values for one stack: an override wins over the Default, and every
 * value is checked against its declaration as CloudFormation would, so a bad value fails here with the
 * parameter's name instead of as a mysterious deployment error.
 */
final class Parameters {
    private final Map<String, Map<String, Object>> declarations;
    private final Map<String, String> values = new LinkedHashMap<>();

    Parameters(Map<String, Map<String, Object>> declarations, Map<String, String> overrides) {
        this.declarations = declarations;
        for (String name : overrides.keySet()) {
            if (!declarations.containsKey(name)) {
                throw new TemplateException("Unknown parameter '" + name + "': the template declares "
                        + declarations.keySet() + "; fix the name or drop the override");
            }
        }
        declarations.forEach((name, declaration) -> {
            String value = overrides.containsKey(name) ? overrides.get(name) : stringOrNull(declaration.get("Default"));
            if (value == null) {
                throw new TemplateException("Parameter '" + name + "' has no value: the template gives it no"
                        + " Default, so pass one (parameters " + name + "=...)");
            }
            check(name, declaration, value);
            values.put(name, value);
        });
    }

    /** Every parameter's value as a string, as CloudFormation shows them. */
    Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** What {@code Ref} of the parameter yields: a string, or a list of strings for list types. */
    Object ref(String name) {
        String value = values.get(name);
        return isList(type(name)) ? elements(value) : value;
    }

    private String type(String name) {
        Object type = declarations.get(name).get("Type");
        return type == null ? "String" : type.toString();
    }

    private void check(String name, Map<String, Object> declaration, String value) {
        String type = type(name);
        if (type.startsWith("AWS::SSM::Parameter")) {
            throw new TemplateException("Parameter '" + name + "' has type " + type
                    + ", which needs Systems Manager to resolve; use type String instead");
        }
        boolean numeric = type.equals("Number") || type.equals("List<Number>");
        for (String element : isList(type) ? elements(value) : List.of(value)) {
            if (numeric) {
                checkNumber(name, declaration, element);
            } else {
                checkString(name, declaration, element);
            }
            Object allowed = declaration.get("AllowedValues");
            if (allowed instanceof List<?> list
                    && list.stream().map(String::valueOf).noneMatch(element::equals)) {
                fail(name, declaration, "is '" + element + "' but must be one of " + list + " (AllowedValues)");
            }
        }
    }

    private void checkNumber(String name, Map<String, Object> declaration, String value) {
        BigDecimal number;
        try {
            number = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            fail(name, declaration, "must be a Number, got '" + value + "'");
            return;
        }
        BigDecimal min = decimal(name, declaration, "MinValue");
        BigDecimal max = decimal(name, declaration, "MaxValue");
        if (min != null && number.compareTo(min) < 0 || max != null && number.compareTo(max) > 0) {
            fail(name, declaration, "is " + value + " but must be " + range(min, max) + " (MinValue/MaxValue)");
        }
    }

    private void checkString(String name, Map<String, Object> declaration, String value) {
        Object pattern = declaration.get("AllowedPattern");
        if (pattern != null && !value.matches(pattern.toString())) {
            fail(name, declaration, "is '" + value + "' but must match " + pattern + " (AllowedPattern)");
        }
        BigDecimal min = decimal(name, declaration, "MinLength");
        BigDecimal max = decimal(name, declaration, "MaxLength");
        BigDecimal length = BigDecimal.valueOf(value.length());
        if (min != null && length.compareTo(min) < 0 || max != null && length.compareTo(max) > 0) {
            fail(
                    name,
                    declaration,
                    "is '" + value + "' but its length must be " + range(min, max) + " (MinLength/MaxLength)");
        }
    }

    private static String range(BigDecimal min, BigDecimal max) {
        if (min != null && max != null) {
            return "from " + min + " to " + max;
        }
        return min != null ? "at least " + min : "at most " + max;
    }

    private static BigDecimal decimal(String name, Map<String, Object> declaration, String key) {
        Object value = declaration.get(key);
        try {
            return value == null ? null : new BigDecimal(value.toString());
        } catch (NumberFormatException e) {
            throw new TemplateException("Parameter '" + name + "' has a " + key + " that is not a number: " + value);
        }
    }

    private static void fail(String name, Map<String, Object> declaration, String problem) {
        Object hint = declaration.get("ConstraintDescription");
        throw new TemplateException("Parameter '" + name + "' " + problem + (hint == null ? "" : ": " + hint));
    }

    private static boolean isList(String type) {
        return type.equals("CommaDelimitedList") || type.startsWith("List<");
    }

    private static List<String> elements(String value) {
        List<String> result = new ArrayList<>();
        Arrays.stream(value.split(",", -1)).map(String::trim).forEach(result::add);
        return Collections.unmodifiableList(result);
    }

    private static String stringOrNull(Object value) {
        if (value instanceof List<?> list) {
            // A list Default (allowed for list types) means the same as its comma-joined string form.
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value == null ? null : value.toString();
    }
}
