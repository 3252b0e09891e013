package io.gristmill.infra.checks;

import io.gristmill.infra.Template;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The range a numeric property can take in any stack made from a template: a literal is itself, a
 * {@code Ref} to a parameter ranges over the parameter's MinValue..MaxValue (a missing bound is
 * {@code null}: unbounded). Rules about timeouts must hold for every value a user may pass.
 */
record Bounds(Long min, Long max) {

    static Bounds of(Template template, Object value, String where) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("Ref") instanceof String parameter) {
            Map<String, Object> declaration = template.parameters().get(parameter);
            if (declaration == null) {
                throw new IllegalArgumentException(where + " refers to " + parameter + ", which is not a parameter");
            }
            return new Bounds(number(declaration.get("MinValue")), number(declaration.get("MaxValue")));
        }
        Long literal = number(value);
        if (literal == null) throw new IllegalArgumentException(where + " is not a number or a parameter: " + value);
        return new Bounds(literal, literal);
    }

    private static Long number(Object value) {
        return value == null ? null : new BigDecimal(value.toString().trim()).longValueExact();
    }
}
