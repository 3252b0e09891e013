package io.gristmill.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A CloudFormation/SAM template as read from YAML: the raw JSON-like document plus accessors for its
 * sections. It is immutable, so one template can be resolved for many stacks.
 */
public final class Template {
    private final String source;
    private final Map<String, Object> document;
    private final Map<String, TemplateResource> resources;

    private Template(String source, Map<String, Object> document) {
        this.source = source;
        this.document = document;
        this.resources = readResources();
    }

    public static Template load(Path path) {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new TemplateException("Cannot read template " + path + ": " + e.getMessage(), e);
        }
    }

    public static Template parse(String yaml) {
        return parse(yaml, "<string>");
    }

    private static Template parse(String yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        // CloudFormation rejects duplicate keys; silently keeping the last one would hide a typo.
        options.setAllowDuplicateKeys(false);
        Object root;
        try {
            root = new Yaml(new CloudFormationConstructor(options)).load(yaml);
        } catch (YAMLException | TemplateException e) {
            throw new TemplateException("Cannot parse template " + source + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new TemplateException("Template " + source + " is not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> document = (Map<String, Object>) freeze(root, source);
        return new Template(source, document);
    }

    /** Where the template came from (a path, or {@code <string>}), for messages. */
    public String source() {
        return source;
    }

    /** The whole template as JSON-like data (maps in template order, lists, strings, numbers, booleans). */
    public Map<String, Object> document() {
        return document;
    }

    public String description() {
        Object description = document.get("Description");
        return description == null ? null : description.toString();
    }

    /** Parameter name to its declaration (Type, Default, MinValue, ...). */
    public Map<String, Map<String, Object>> parameters() {
        return section("Parameters");
    }

    /** The whole Globals section (Function, Api, ...). */
    public Map<String, Object> globals() {
        return rawSection("Globals");
    }

    /** Globals.Function: properties every AWS::Serverless::Function inherits. */
    public Map<String, Object> functionGlobals() {
        Object function = globals().get("Function");
        return function == null ? Map.of() : asMap(function, "Globals.Function");
    }

    public Map<String, Object> conditions() {
        return rawSection("Conditions");
    }

    public Map<String, Object> mappings() {
        return rawSection("Mappings");
    }

    /** Output name to its declaration (Value, Description, Export, Condition). */
    public Map<String, Map<String, Object>> outputs() {
        return section("Outputs");
    }

    /** All resources by logical id, in template order. */
    public Map<String, TemplateResource> resources() {
        return resources;
    }

    public TemplateResource resource(String logicalId) {
        TemplateResource resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException(
                    "Template " + source + " has no resource '" + logicalId + "'; it has " + resources.keySet());
        }
        return resource;
    }

    /** The resources of one type (e.g. AWS::SQS::Queue), in template order. */
    public List<TemplateResource> resourcesOfType(String type) {
        return resources.values().stream().filter(r -> r.type().equals(type)).toList();
    }

    /** Resolves the template for one stack, with the attributes the resources would have on AWS. */
    public Stack resolve(StackSettings settings) {
        return resolve(settings, AwsAttributes.INSTANCE);
    }

    /** Resolves the template for one stack; {@code attributes} answers Ref and Fn::GetAtt of its resources. */
    public Stack resolve(StackSettings settings, Attributes attributes) {
        return new StackResolver(this, settings, attributes).resolve();
    }

    /**
     * Evaluates the intrinsic functions in any part of this template (e.g. a role's policy document) for one
     * stack, with resource attributes as AWS would answer them. {@code where} names the part, for messages.
     */
    public Object evaluate(Object node, StackSettings settings, String where) {
        return evaluate(node, settings, AwsAttributes.INSTANCE, where);
    }

    /** As {@link #evaluate(Object, StackSettings, String)}, with Ref and Fn::GetAtt answered by {@code attributes}. */
    public Object evaluate(Object node, StackSettings settings, Attributes attributes, String where) {
        return new StackResolver(this, settings, attributes).evaluate(node, where);
    }

    private Map<String, TemplateResource> readResources() {
        Map<String, TemplateResource> result = new LinkedHashMap<>();
        rawSection("Resources").forEach((id, value) -> {
            Map<String, Object> definition = asMap(value, "Resources." + id);
            if (!(definition.get("Type") instanceof String type)) {
                throw new TemplateException("Resource " + id + " in " + source + " has no Type");
            }
            Object condition = definition.get("Condition");
            Object properties = definition.get("Properties");
            result.put(
                    id,
                    new TemplateResource(
                            id,
                            type,
                            condition == null ? null : condition.toString(),
                            properties == null ? Map.of() : asMap(properties, "Resources." + id + ".Properties"),
                            definition));
        });
        return Collections.unmodifiableMap(result);
    }

    private Map<String, Map<String, Object>> section(String name) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        rawSection(name).forEach((key, value) -> result.put(key, asMap(value, name + "." + key)));
        return Collections.unmodifiableMap(result);
    }

    private Map<String, Object> rawSection(String name) {
        Object section = document.get(name);
        return section == null ? Map.of() : asMap(section, name);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TemplateException(where + " in " + source + " must be a mapping, got: " + value);
    }

    /**
     * A deep, unmodifiable copy (resolving must never change the template others share) whose keys are all
     * strings, as in JSON. YAML reads some unquoted keys as other types, lossily (Off is false, 0123 is 83),
     * so such a key is an error rather than a guess.
     */
    private static Object freeze(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, v) -> {
                if (!(key instanceof String name)) {
                    throw new TemplateException("Key " + key + " in " + where + " is not a string (YAML read it as "
                            + (key == null ? "null" : key.getClass().getSimpleName()) + "): quote it");
                }
                copy.put(name, freeze(v, where + "." + name));
            });
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(freeze(list.get(i), where + "[" + i + "]"));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
