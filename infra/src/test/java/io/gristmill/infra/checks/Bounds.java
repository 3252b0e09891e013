package io.gristmill.infra.checks;

import io.gristmill.infra.Template;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The range a numeric property can take in any stack made from a template: a literal is itself, a
 * {@code Ref} to a parameter ranges over the parameter's MinValue..MaxValue (a missing bound is
 * {@code null}: unbounded), and {@code !Sub "${Parameter}0"} (the template's way to multiply by ten,
 * as CloudFormation has no arithmetic) ranges over ten times that. Rules about timeouts must hold for
 * every value a user may pass.
 */
record Bounds(Long min, Long max) {
    private static final Pattern TIMES_POWER_OF_TEN = Pattern.compile("\\$\\{([A-Za-z0-9]+)}(0*)");

    static Bounds of(Template template, Object value, String where) {
        Scaled scaled = scaled(value);
        if (scaled != null) {
            Bounds bounds = parameter(template, scaled.parameter(), where);
            return new Bounds(
                    bounds.min() == null ? null : bounds.min() * scaled.factor(),
                    bounds.max() == null ? null : bounds.max() * scaled.factor());
        }
        if (value instanceof Map<?, ?> map && map.containsKey("Fn::Sub")) {
            throw new IllegalArgumentException(where + " is a Fn::Sub other than \"${Parameter}0...\": " + value);
        }
        Long literal = number(value);
        if (literal == null) throw new IllegalArgumentException(where + " is not a number or a parameter: " + value);
        return new Bounds(literal, literal);
    }

    /** A parameter times a factor: how two values that follow the same parameter compare for every value of it. */
    record Scaled(String parameter, long factor) {
        @Override
        public String toString() {
            return factor + " x " + parameter;
        }
    }

    /** {@code Ref P} is 1 x P, {@code !Sub "${P}00"} is 100 x P; anything else is null. */
    static Scaled scaled(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Ref") instanceof String parameter) {
            return new Scaled(parameter, 1);
        }
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Fn::Sub") instanceof String text) {
            Matcher m = TIMES_POWER_OF_TEN.matcher(text);
            if (m.matches())
                return new Scaled(
                        m.group(1), BigDecimal.TEN.pow(m.group(2).length()).longValueExact());
        }
        return null;
    }

    private static Bounds parameter(Template template, String parameter, String where) {
        Map<String, Object> declaration = template.parameters().get(parameter);
        if (declaration == null) {
            throw new IllegalArgumentException(where + " refers to " + parameter + ", which is not a parameter");
        }
        return new Bounds(number(declaration.get("MinValue")), number(declaration.get("MaxValue")));
    }

    private static Long number(Object value) {
        return value == null ? null : new BigDecimal(value.toString().trim()).longValueExact();
    }
}
