package io.gristmill.infra.checks;

import io.gristmill.engine.json.Json;
import io.gristmill.infra.StackSettings;
import io.gristmill.infra.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SAM's policy templates (sam-policy-templates.json): a {@code Policies} entry such as
 * {@code {S3CrudPolicy: {BucketName: x}}} becomes the IAM statements of the template's Definition, with
 * each {@code {"Ref": "<parameter>"}} replaced by the value given, then evaluated for a stack.
 */
final class SamPolicyTemplates {
    private final Map<String, Object> templates;

    @SuppressWarnings("unchecked")
    SamPolicyTemplates(Path file) throws IOException, Json.JsonException {
        this.templates = (Map<String, Object>)
                Json.parseObject(Files.readString(file, StandardCharsets.UTF_8)).get("Templates");
    }

    boolean has(String name) {
        return templates.containsKey(name);
    }

    /** The policy document a policy template entry stands for, evaluated for the stack. */
    @SuppressWarnings("unchecked")
    Object expand(String name, Map<String, Object> arguments, Template template, StackSettings stack) {
        Map<String, Object> policy = (Map<String, Object>) templates.get(name);
        if (policy == null) throw new IllegalArgumentException("SAM has no policy template " + name);
        Map<String, Object> parameters = (Map<String, Object>) policy.getOrDefault("Parameters", Map.of());
        for (String parameter : parameters.keySet()) {
            if (!arguments.containsKey(parameter)) {
                throw new IllegalArgumentException(name + " needs the parameter " + parameter);
            }
        }
        Object definition = substitute(policy.get("Definition"), arguments);
        return template.evaluate(definition, stack, "policy template " + name);
    }

    /** The definition with every Ref to a template parameter replaced by its argument. */
    private static Object substitute(Object node, Map<String, Object> arguments) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Ref") instanceof String ref && arguments.containsKey(ref)) {
                return arguments.get(ref);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k.toString(), substitute(v, arguments)));
            return out;
        }
        if (node instanceof List<?> list)
            return list.stream().map(v -> substitute(v, arguments)).toList();
        return node;
    }
}
