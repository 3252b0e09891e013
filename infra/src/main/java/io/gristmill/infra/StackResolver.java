package io.gristmill.infra;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves a template for one stack in two passes. First every resource's physical name, evaluated with
 * parameters and pseudo parameters only (names never refer to other resources, so there is nothing to
 * order); then each modelled resource's properties, where Ref and Fn::GetAtt of resources are answered by
 * {@link Attributes} from those names.
 */
final class StackResolver {

    /** The property that names each type of resource we model. */
    private static final Map<String, String> NAME_PROPERTIES = Map.of(
            "AWS::S3::Bucket", "BucketName",
            "AWS::SQS::Queue", "QueueName",
            "AWS::DynamoDB::Table", "TableName",
            "AWS::Serverless::Function", "FunctionName",
            "AWS::Lambda::Function", "FunctionName",
            "AWS::IAM::Role", "RoleName",
            "AWS::Logs::LogGroup", "LogGroupName");

    private final Template template;
    private final StackSettings settings;
    private final Attributes attributes;
    private final Parameters parameters;
    private final Map<String, NamedResource> resources = new LinkedHashMap<>();
    /** Evaluates names and conditions, which may not refer to resources. */
    private final Intrinsics names;
    /** Evaluates properties and outputs, answering resources through {@link #attributes}. */
    private final Intrinsics values;

    StackResolver(Template template, StackSettings settings, Attributes attributes) {
        this.template = template;
        this.settings = settings;
        this.attributes = attributes;
        this.parameters = new Parameters(template.parameters(), settings.parameters());
        this.names = new Intrinsics(settings, parameters, template, (id, attribute, where) -> {
            throw new TemplateException(where + " refers to resource " + id
                    + ", but resource names and conditions may only use parameters and pseudo parameters");
        });
        this.values = new Intrinsics(settings, parameters, template, this::attribute);
    }

    Stack resolve() {
        nameResources();
        StackQueues queues = queues();

        Map<String, BucketDef> buckets = new LinkedHashMap<>();
        Map<String, QueueDef> queueDefs = new LinkedHashMap<>();
        Map<String, TableDef> tables = new LinkedHashMap<>();
        Map<String, FunctionDef> functions = new LinkedHashMap<>();
        for (NamedResource named : resources.values()) {
            String id = named.logicalId();
            TemplateResource resource = template.resource(id);
            switch (named.type()) {
                case "AWS::S3::Bucket" ->
                    buckets.put(id, BucketDef.read(id, named.name(), properties(resource), queues));
                case "AWS::SQS::Queue" ->
                    queueDefs.put(id, QueueDef.read(id, named.name(), properties(resource), queues));
                case "AWS::DynamoDB::Table" -> tables.put(id, TableDef.read(id, named.name(), properties(resource)));
                case "AWS::Serverless::Function" ->
                    functions.put(id, FunctionDef.read(id, named.name(), functionProperties(resource), queues));
                default -> {
                    // Policies, roles and the like: nothing a local cloud or the provisioner acts on.
                }
            }
        }
        return new Stack(settings, parameters.values(), buckets, queueDefs, tables, functions, outputs());
    }

    /**
     * Evaluates any part of the template (a policy document, an alarm's dimensions) for this stack, with
     * the same names and attributes as the modelled resources get.
     */
    Object evaluate(Object node, String where) {
        if (resources.isEmpty()) {
            nameResources();
        }
        return values.evaluate(node, where);
    }

    private void nameResources() {
        for (TemplateResource resource : template.resources().values()) {
            if (exists(resource)) {
                resources.put(
                        resource.logicalId(), new NamedResource(resource.logicalId(), resource.type(), name(resource)));
            }
        }
    }

    private boolean exists(TemplateResource resource) {
        return resource.condition() == null
                || names.condition(resource.condition(), "Resources." + resource.logicalId() + ".Condition");
    }

    /**
     * The physical name: the name property when set, else a deterministic one. CloudFormation would add a
     * random suffix; a stable name keeps provisioning idempotent.
     */
    private String name(TemplateResource resource) {
        String property = NAME_PROPERTIES.get(resource.type());
        if (property == null) {
            return null;
        }
        Object value = resource.properties().get(property);
        if (value != null) {
            return names.evaluateString(value, "Resources." + resource.logicalId() + ".Properties." + property);
        }
        String generated = settings.stackName() + "-" + resource.logicalId();
        return switch (resource.type()) {
            case "AWS::S3::Bucket" -> generated.toLowerCase(Locale.ROOT);
            case "AWS::SQS::Queue" ->
                Boolean.parseBoolean(String.valueOf(resource.properties().get("FifoQueue")))
                        ? generated + ".fifo"
                        : generated;
            default -> generated;
        };
    }

    private Object attribute(String logicalId, String attribute, String where) {
        NamedResource resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException(where + " refers to " + logicalId + ", which is not a parameter or "
                    + (template.resources().containsKey(logicalId)
                            ? "a resource of this stack (its Condition is false)"
                            : "a resource of the template"));
        }
        return attribute == null
                ? attributes.ref(resource, settings)
                : attributes.getAtt(resource, attribute, settings);
    }

    private StackQueues queues() {
        Map<String, String> byArn = new LinkedHashMap<>();
        resources.values().stream()
                .filter(r -> r.type().equals("AWS::SQS::Queue"))
                .forEach(queue -> byArn.put(attributes.getAtt(queue, "Arn", settings), queue.logicalId()));
        return new StackQueues(byArn);
    }

    private Props properties(TemplateResource resource) {
        String where = "Resources." + resource.logicalId() + ".Properties";
        return Props.of(values.evaluate(resource.properties(), where), where);
    }

    private Props functionProperties(TemplateResource resource) {
        String where = "Resources." + resource.logicalId() + ".Properties";
        Map<String, Object> merged = GlobalsMerge.merge(template.functionGlobals(), resource.properties());
        return Props.of(values.evaluate(merged, where), where);
    }

    private Map<String, String> outputs() {
        Map<String, String> outputs = new LinkedHashMap<>();
        template.outputs().forEach((name, output) -> {
            Object condition = output.get("Condition");
            if (condition == null || names.condition(condition.toString(), "Outputs." + name + ".Condition")) {
                outputs.put(name, values.evaluateString(output.get("Value"), "Outputs." + name + ".Value"));
            }
        });
        return outputs;
    }
}
