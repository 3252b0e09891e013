package io.gristmill.infra;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions in a template subtree, the way CloudFormation would for one
 * stack: Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::If and the condition functions,
 * Fn::FindInMap and Fn::Base64. Anything else fails with the function's name and where it is, rather than
 * leaking an unevaluated map into a name or an environment variable.
 */
final class Intrinsics {

    /** Answers Ref ({@code attribute} null) and Fn::GetAtt of the template's resources. */
    @FunctionalInterface
    interface Resources {
        Object resolve(String logicalId, String attribute, String where);
    }

    /** {@code Ref AWS::NoValue}: the enclosing property or list element is dropped. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private static final List<String> SUPPORTED = List.of(
            "Ref",
            "Condition",
            "Fn::Sub",
            "Fn::GetAtt",
            "Fn::Join",
            "Fn::Select",
            "Fn::Split",
            "Fn::If",
            "Fn::Equals",
            "Fn::Not",
            "Fn::And",
            "Fn::Or",
            "Fn::FindInMap",
            "Fn::Base64");

    private final StackSettings settings;
    private final Parameters parameters;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final Resources resources;
    private final Map<String, Boolean> conditionValues = new HashMap<>();
    private final Set<String> conditionsInProgress = new HashSet<>();

    Intrinsics(StackSettings settings, Parameters parameters, Template template, Resources resources) {
        this.settings = settings;
        this.parameters = parameters;
        this.conditions = template.conditions();
        this.mappings = template.mappings();
        this.resources = resources;
    }

    /**
     * The name of the intrinsic function a map is, or null for plain data. Only a single-key map is a
     * function, and {@code Condition} only with a string: an IAM statement's Condition is a map.
     */
    static String functionName(Object node) {
        if (node instanceof Map<?, ?> map
                && map.size() == 1
                && map.keySet().iterator().next() instanceof String key) {
            if (key.equals("Ref") || key.startsWith("Fn::")) {
                return key;
            }
            if (key.equals("Condition") && map.get(key) instanceof String) {
                return key;
            }
        }
        return null;
    }

    /** The evaluated copy of {@code node}; {@code where} is its path in the template, for messages. */
    Object evaluate(Object node, String where) {
        String function = functionName(node);
        if (function != null) {
            return call(function, ((Map<?, ?>) node).get(function), where);
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> result = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                Object evaluated = evaluate(value, where + "." + key);
                if (evaluated != NO_VALUE) {
                    result.put(key, evaluated);
                }
            });
            return Collections.unmodifiableMap(result);
        }
        if (node instanceof List<?> list) {
            List<Object> result = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object evaluated = evaluate(list.get(i), where + "[" + i + "]");
                if (evaluated != NO_VALUE) {
                    result.add(evaluated);
                }
            }
            return Collections.unmodifiableList(result);
        }
        return node;
    }

    /** Evaluates {@code node} to a string (numbers and booleans are written as CloudFormation writes them). */
    String evaluateString(Object node, String where) {
        return string(evaluate(node, where), where);
    }

    /** The value of a named condition of the Conditions section. */
    boolean condition(String name, String where) {
        Boolean known = conditionValues.get(name);
        if (known != null) {
            return known;
        }
        if (!conditions.containsKey(name)) {
            throw new TemplateException(
                    "Unknown condition '" + name + "' at " + where + "; the template declares " + conditions.keySet());
        }
        if (!conditionsInProgress.add(name)) {
            throw new TemplateException("Condition '" + name + "' depends on itself (at " + where + ")");
        }
        boolean value = bool(evaluate(conditions.get(name), "Conditions." + name), "Conditions." + name);
        conditionsInProgress.remove(name);
        conditionValues.put(name, value);
        return value;
    }

    private Object call(String function, Object argument, String where) {
        String at = where + "." + function;
        return switch (function) {
            case "Ref" -> ref(string(argument, at), at);
            case "Condition" -> condition((String) argument, at);
            case "Fn::Sub" -> sub(argument, at);
            case "Fn::GetAtt" -> getAtt(argument, at);
            case "Fn::Join" -> join(arguments(argument, 2, at), at);
            case "Fn::Select" -> select(arguments(argument, 2, at), at);
            case "Fn::Split" -> split(arguments(argument, 2, at), at);
            case "Fn::If" -> branch(arguments(argument, 3, at), at);
            case "Fn::Equals" -> equal(arguments(argument, 2, at), at);
            case "Fn::Not" -> !bool(evaluate(arguments(argument, 1, at).get(0), at + "[0]"), at);
            case "Fn::And", "Fn::Or" -> logical(function.equals("Fn::And"), argument, at);
            case "Fn::FindInMap" -> findInMap(arguments(argument, 3, at), at);
            case "Fn::Base64" ->
                Base64.getEncoder().encodeToString(evaluateString(argument, at).getBytes(StandardCharsets.UTF_8));
            default ->
                throw new TemplateException("Unsupported intrinsic function " + function + " at " + where
                        + " (supported: " + String.join(", ", SUPPORTED) + ")");
        };
    }

    private Object ref(String name, String where) {
        if (parameters.has(name)) {
            return parameters.ref(name);
        }
        if (name.startsWith("AWS::")) {
            return pseudoParameter(name, where);
        }
        return resources.resolve(name, null, where);
    }

    private Object pseudoParameter(String name, String where) {
        return switch (name) {
            case "AWS::StackName" -> settings.stackName();
            case "AWS::AccountId" -> settings.accountId();
            case "AWS::Region" -> settings.region();
            case "AWS::Partition" -> settings.partition();
            case "AWS::URLSuffix" -> settings.urlSuffix();
            case "AWS::NoValue" -> NO_VALUE;
            default -> throw new TemplateException("Unsupported pseudo parameter " + name + " at " + where);
        };
    }

    private Object getAtt(Object argument, String where) {
        if (argument instanceof String text && text.indexOf('.') > 0) {
            int dot = text.indexOf('.');
            return resources.resolve(text.substring(0, dot), text.substring(dot + 1), where);
        }
        List<?> parts = arguments(argument, 2, where);
        return resources.resolve(
                evaluateString(parts.get(0), where + "[0]"), evaluateString(parts.get(1), where + "[1]"), where);
    }

    /** Fn::Sub: {@code ${Name}} is a Ref, {@code ${Resource.Attribute}} a GetAtt, {@code ${!Text}} is literal. */
    private String sub(Object argument, String where) {
        String text;
        Map<String, Object> variables = new HashMap<>();
        if (argument instanceof List<?>) {
            List<?> parts = arguments(argument, 2, where);
            text = string(parts.get(0), where + "[0]");
            if (!(parts.get(1) instanceof Map<?, ?> map)) {
                throw new TemplateException("Fn::Sub at " + where + " needs a map of variables as second element");
            }
            map.forEach((name, value) -> variables.put(name.toString(), evaluate(value, where + "[1]." + name)));
        } else {
            text = string(argument, where);
        }
        StringBuilder result = new StringBuilder();
        int position = 0;
        while (true) {
            int start = text.indexOf("${", position);
            if (start < 0) {
                return result.append(text, position, text.length()).toString();
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new TemplateException("Fn::Sub at " + where + " has an unclosed ${ in '" + text + "'");
            }
            result.append(text, position, start);
            String name = text.substring(start + 2, end);
            if (name.startsWith("!")) {
                result.append("${").append(name.substring(1)).append('}');
            } else {
                result.append(variable(name.trim(), variables, where));
            }
            position = end + 1;
        }
    }

    private String variable(String name, Map<String, Object> variables, String where) {
        String at = where + " ${" + name + "}";
        if (variables.containsKey(name)) {
            return string(variables.get(name), at);
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            return string(resources.resolve(name.substring(0, dot), name.substring(dot + 1), at), at);
        }
        return string(ref(name, at), at);
    }

    private String join(List<?> parts, String where) {
        String delimiter = evaluateString(parts.get(0), where + "[0]");
        List<String> values = new ArrayList<>();
        for (Object value : list(evaluate(parts.get(1), where + "[1]"), where + "[1]")) {
            values.add(string(value, where + "[1]"));
        }
        return String.join(delimiter, values);
    }

    private Object select(List<?> parts, String where) {
        String indexText = evaluateString(parts.get(0), where + "[0]");
        List<?> values = list(evaluate(parts.get(1), where + "[1]"), where + "[1]");
        int index;
        try {
            index = Integer.parseInt(indexText.trim());
        } catch (NumberFormatException e) {
            throw new TemplateException("Fn::Select at " + where + " has a non-numeric index '" + indexText + "'");
        }
        if (index < 0 || index >= values.size()) {
            throw new TemplateException("Fn::Select at " + where + ": index " + index + " is out of bounds for "
                    + values.size() + " values");
        }
        return values.get(index);
    }

    private List<String> split(List<?> parts, String where) {
        String delimiter = evaluateString(parts.get(0), where + "[0]");
        String source = evaluateString(parts.get(1), where + "[1]");
        if (delimiter.isEmpty()) {
            throw new TemplateException("Fn::Split at " + where + " needs a non-empty delimiter");
        }
        return List.of(source.split(Pattern.quote(delimiter), -1));
    }

    private Object branch(List<?> parts, String where) {
        boolean chosen = condition(string(parts.get(0), where + "[0]"), where);
        return chosen ? evaluate(parts.get(1), where + "[1]") : evaluate(parts.get(2), where + "[2]");
    }

    private boolean equal(List<?> parts, String where) {
        return comparable(evaluate(parts.get(0), where + "[0]"))
                .equals(comparable(evaluate(parts.get(1), where + "[1]")));
    }

    /** CloudFormation compares values as strings: 1 equals "1". */
    private static Object comparable(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(Intrinsics::comparable).toList();
        }
        return value instanceof Map<?, ?> ? value : String.valueOf(value);
    }

    private boolean logical(boolean and, Object argument, String where) {
        List<?> operands = list(argument, where);
        if (operands.size() < 2 || operands.size() > 10) {
            throw new TemplateException((and ? "Fn::And" : "Fn::Or") + " at " + where + " needs 2 to 10 conditions");
        }
        boolean result = and;
        for (int i = 0; i < operands.size(); i++) {
            boolean value = bool(evaluate(operands.get(i), where + "[" + i + "]"), where + "[" + i + "]");
            result = and ? result && value : result || value;
        }
        return result;
    }

    private Object findInMap(List<?> parts, String where) {
        String mapName = evaluateString(parts.get(0), where + "[0]");
        String topKey = evaluateString(parts.get(1), where + "[1]");
        String secondKey = evaluateString(parts.get(2), where + "[2]");
        if (mappings.get(mapName) instanceof Map<?, ?> map
                && map.get(topKey) instanceof Map<?, ?> entry
                && entry.containsKey(secondKey)) {
            return evaluate(entry.get(secondKey), "Mappings." + mapName + "." + topKey + "." + secondKey);
        }
        throw new TemplateException(
                "Fn::FindInMap at " + where + ": Mappings has no " + mapName + "." + topKey + "." + secondKey);
    }

    private static List<?> arguments(Object argument, int count, String where) {
        if (argument instanceof List<?> list && list.size() == count) {
            return list;
        }
        throw new TemplateException(where + " needs a list of " + count + " arguments, got: " + argument);
    }

    private static List<?> list(Object value, String where) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new TemplateException("Expected a list at " + where + ", got: " + value);
    }

    private static boolean bool(Object value, String where) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new TemplateException("Expected a condition (true or false) at " + where + ", got: " + value);
    }

    static String string(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new TemplateException(
                "Expected a string at " + where + ", got: " + (value == NO_VALUE ? "AWS::NoValue" : value));
    }
}
