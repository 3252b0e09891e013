package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gristmill.infra.Attributes;
import io.gristmill.infra.AwsAttributes;
import io.gristmill.infra.FunctionDef;
import io.gristmill.infra.NamedResource;
import io.gristmill.infra.StackSettings;
import io.gristmill.infra.Template;
import io.gristmill.infra.TemplateResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * template.yaml through SAM's own translator (aws-sam-translator, what CloudFormation runs for
 * {@code Transform: AWS::Serverless-2016-10-31}), for deploys that differ in one parameter, in the code or
 * in the user jobs layer: each deploy that changes a function's configuration must publish a new version
 * of it, and its alias, which the event sources invoke, must move to that version.
 *
 * <p>CloudFormation publishes a version when it creates an AWS::Lambda::Version: when the version's logical
 * id is new, or when a create-only property of it (its Description) changes, which replaces it. So a
 * version is identified here by its logical id and its Description as CloudFormation resolves it for the
 * stack's parameter values, with other resources' Ref left symbolic: a new layer resource has a new ARN.
 */
class SamTransformTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final StackSettings STACK = TemplateUnderTest.STACK;
    private static final List<String> FUNCTIONS =
            List.of("CoordinatorFunction", "MapFunction", "ReduceFunction", "DeadLetterFunction");
    /** Values for the String parameters that have neither AllowedValues nor bounds to derive one from. */
    private static final Map<String, String> EXAMPLES =
            Map.of("DefaultSplitSize", "16MB", "AlarmTopicArn", "arn:aws:sns:eu-west-1:123456789012:alarms");
    /** The function properties that are not configuration of $LATEST: what the version comparison is about. */
    private static final Set<String> NOT_CONFIGURATION =
            Set.of("Events", "Description", "VersionDescription", "AutoPublishAlias", "AutoPublishAliasAllProperties");

    /** Ref and Fn::GetAtt as AWS answers them, and symbolic for what has no name to derive them from. */
    static final Attributes ATTRIBUTES = new Attributes() {
        @Override
        public String ref(NamedResource resource, StackSettings settings) {
            return switch (resource.type()) {
                case "AWS::Serverless::LayerVersion", "AWS::Lambda::LayerVersion", "AWS::Lambda::Alias" ->
                    "<" + resource.logicalId() + ">";
                default -> AwsAttributes.INSTANCE.ref(resource, settings);
            };
        }

        @Override
        public String getAtt(NamedResource resource, String attribute, StackSettings settings) {
            return resource.type().equals("AWS::Lambda::Version")
                    ? "<" + resource.logicalId() + "." + attribute + ">"
                    : AwsAttributes.INSTANCE.getAtt(resource, attribute, settings);
        }
    };

    private record Scenario(Map<String, Object> template, Map<String, String> parameters) {}

    /** A function's published version: its logical id, and its Description resolved for the stack. */
    private record Published(String logicalId, Object description) {}

    private static final Map<String, Scenario> scenarios = new LinkedHashMap<>();
    private static Map<String, Map<String, Object>> transformed;
    private static Map<String, List<String>> createOnly;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void transform() throws Exception {
        Path python = ExternalTool.require("python3", "SAM's translator is a python package");
        Map<String, Object> source = TemplateUnderTest.template().document();
        scenarios.put("defaults", new Scenario(packaged(source, "code1", "layer1"), Map.of()));
        alternatives()
                .forEach((name, value) -> scenarios.put(
                        name + "=" + value, new Scenario(packaged(source, "code1", "layer1"), Map.of(name, value))));
        scenarios.put("new code", new Scenario(packaged(source, "code2", "layer1"), Map.of()));
        scenarios.put("layer", new Scenario(packaged(source, "code1", "layer1"), Map.of("UserJobsLayer", "Enabled")));
        scenarios.put(
                "new layer", new Scenario(packaged(source, "code1", "layer2"), Map.of("UserJobsLayer", "Enabled")));
        // SAM alone: the same template without the descriptions that carry the parameters.
        Map<String, Object> bare = withoutDescriptions(packaged(source, "code1", "layer1"));
        scenarios.put("bare", new Scenario(bare, Map.of()));
        scenarios.put("bare MapMemorySize=3008", new Scenario(bare, Map.of("MapMemorySize", "3008")));

        Map<String, Object> request = new LinkedHashMap<>();
        Map<String, Object> byName = new LinkedHashMap<>();
        scenarios.forEach(
                (name, s) -> byName.put(name, Map.of("template", s.template(), "parameters", s.parameters())));
        request.put("scenarios", byName);
        request.put(
                "createOnlyOf",
                List.of("AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::Lambda::EventSourceMapping"));
        Path script = TemplateUnderTest.home().resolve("infra/src/test/python/sam_transform.py");
        ExternalTool.Result result = ExternalTool.run(
                List.of(python.toString(), script.toString()),
                Map.of("AWS_DEFAULT_REGION", STACK.region()),
                JSON.writeValueAsString(request),
                300);
        assumeTrue(
                result.code() != 3,
                () -> "skipped: " + result.stderr().trim()
                        + " (pip install cfn-lint brings aws-sam-translator; CI has it)");
        assertEquals(0, result.code(), result.output());
        Map<String, Object> response = JSON.readValue(result.stdout(), Map.class);
        transformed = (Map<String, Map<String, Object>>) response.get("transformed");
        createOnly = (Map<String, List<String>>) response.get("createOnly");
    }

    /** Every parameter that reaches a function's configuration publishes a new version of that function, and no other does. */
    @Test
    void aParameterThatChangesAFunctionsConfigurationPublishesANewVersionOfIt() {
        Set<String> configuring = new TreeSet<>();
        List<String> wrong = new ArrayList<>();
        alternatives().forEach((name, value) -> {
            String scenario = name + "=" + value;
            for (String function : FUNCTIONS) {
                boolean configured =
                        !configuration(function, Map.of()).equals(configuration(function, Map.of(name, value)));
                boolean published = !published("defaults", function).equals(published(scenario, function));
                if (configured) configuring.add(name);
                if (configured != published) {
                    wrong.add(scenario + " "
                            + (configured
                                    ? "changes " + function + " but publishes no version of it"
                                    : "publishes a version of " + function + " without changing it"));
                }
            }
        });
        assertEquals(List.of(), wrong);
        // The parameters of the issue are among them; the comparison is not vacuous.
        assertTrue(
                configuring.containsAll(List.of(
                        "MapMemorySize",
                        "TaskTimeout",
                        "DefaultReducers",
                        "TaskEphemeralStorage",
                        "UserJobsLayer",
                        "CoordinatorTimeout")),
                configuring.toString());
    }

    @Test
    void aNewUserJobsLayerPublishesANewVersionOfEveryFunctionThatLoadsIt() {
        String before = layerLogicalId("layer");
        String after = layerLogicalId("new layer");
        assertNotEquals(before, after, "SAM names a layer version after its content");
        for (String function : FUNCTIONS) {
            assertNotEquals(published("layer", function), published("new layer", function), function);
            assertEquals(
                    List.of("<" + after + ">"),
                    evaluate("new layer", functionProperty("new layer", function, "Layers")));
            assertEquals(List.of(), evaluate("defaults", functionProperty("defaults", function, "Layers")), function);
        }
    }

    @Test
    void newCodeGivesEveryVersionANewLogicalId() {
        for (String function : FUNCTIONS) {
            assertNotEquals(
                    published("defaults", function).logicalId(),
                    published("new code", function).logicalId());
        }
    }

    /** CloudFormation replaces a version whose Description changes, and updates the alias in place. */
    @Test
    void theAliasFollowsTheNewVersionAndTheEventSourcesInvokeTheAlias() {
        assertTrue(createOnly.get("AWS::Lambda::Version").contains("/properties/Description"), createOnly.toString());
        assertTrue(
                !createOnly.get("AWS::Lambda::Alias").contains("/properties/FunctionVersion"), createOnly.toString());
        assertTrue(!createOnly.get("AWS::Lambda::EventSourceMapping").contains("/properties/FunctionName"));
        for (String scenario : scenarios.keySet()) {
            Map<String, Map<String, Object>> resources = resources(scenario);
            for (String function : FUNCTIONS) {
                String alias = function + "Aliaslive";
                Map<String, Object> aliasProperties = properties(resources.get(alias));
                assertEquals(Map.of("Ref", function), aliasProperties.get("FunctionName"), scenario + " " + alias);
                assertEquals(
                        Map.of(
                                "Fn::GetAtt",
                                List.of(published(scenario, function).logicalId(), "Version")),
                        aliasProperties.get("FunctionVersion"),
                        scenario + " " + alias);
                int mappings = 0;
                for (Map<String, Object> resource : resources.values()) {
                    if (!"AWS::Lambda::EventSourceMapping".equals(resource.get("Type"))) continue;
                    Object target = properties(resource).get("FunctionName");
                    assertNotEquals(Map.of("Ref", function), target, scenario + ": an event source invokes $LATEST");
                    if (Map.of("Ref", alias).equals(target)) mappings++;
                }
                int events = ((Map<?, ?>) TemplateUnderTest.template()
                                .resource(function)
                                .properties()
                                .get("Events"))
                        .size();
                assertEquals(events, mappings, scenario + ": event sources of " + function);
            }
        }
    }

    /** Why the descriptions are there: without them, SAM keeps the version and its description. */
    @Test
    void samAloneKeepsTheVersionWhenAParameterChanges() {
        for (String function : List.of("MapFunction", "CoordinatorFunction")) {
            assertEquals(published("bare", function), published("bare MapMemorySize=3008", function), function);
        }
        assertNotEquals(
                configuration("MapFunction", Map.of()), configuration("MapFunction", Map.of("MapMemorySize", "3008")));
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** One value other than its default for every parameter, within its constraints. */
    private static Map<String, String> alternatives() {
        Map<String, String> values = new LinkedHashMap<>();
        TemplateUnderTest.template().parameters().forEach((name, declaration) -> {
            String fallback = String.valueOf(declaration.get("Default"));
            String value = null;
            if (declaration.get("AllowedValues") instanceof List<?> allowed) {
                value = allowed.stream()
                        .map(String::valueOf)
                        .filter(v -> !v.equals(fallback))
                        .findFirst()
                        .orElse(null);
            } else if ("Number".equals(declaration.get("Type"))) {
                for (Object bound : new Object[] {declaration.get("MaxValue"), declaration.get("MinValue")}) {
                    if (value == null && bound != null && !String.valueOf(bound).equals(fallback))
                        value = String.valueOf(bound);
                }
            } else {
                value = EXAMPLES.get(name);
            }
            if (value == null) throw new IllegalStateException("no alternative value for parameter " + name);
            values.put(name, value);
        });
        return values;
    }

    /** The function's configuration of $LATEST for these parameters, per infra's reading of template.yaml. */
    private static Map<String, Object> configuration(String function, Map<String, String> parameters) {
        FunctionDef resolved = TemplateUnderTest.template()
                .resolve(STACK.withParameters(parameters), ATTRIBUTES)
                .function(function);
        Map<String, Object> configuration = new LinkedHashMap<>(resolved.properties());
        configuration.keySet().removeAll(NOT_CONFIGURATION);
        return configuration;
    }

    private static Published published(String scenario, String function) {
        List<String> versions = new ArrayList<>();
        resources(scenario).forEach((id, resource) -> {
            if ("AWS::Lambda::Version".equals(resource.get("Type"))
                    && Map.of("Ref", function).equals(properties(resource).get("FunctionName"))) {
                versions.add(id);
            }
        });
        assertEquals(1, versions.size(), scenario + ": versions of " + function + ": " + versions);
        String id = versions.get(0);
        return new Published(
                id, evaluate(scenario, properties(resources(scenario).get(id)).get("Description")));
    }

    private static String layerLogicalId(String scenario) {
        List<String> layers = resources(scenario).entrySet().stream()
                .filter(e -> "AWS::Lambda::LayerVersion".equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(1, layers.size(), layers.toString());
        return layers.get(0);
    }

    private static Object functionProperty(String scenario, String function, String property) {
        return properties(resources(scenario).get(function)).get(property);
    }

    /** A part of a transformed template, evaluated as CloudFormation would for the scenario's parameters. */
    private static Object evaluate(String scenario, Object node) {
        Template template = Template.parse(JSON.writeValueAsString(transformed.get(scenario)));
        return template.evaluate(
                node, STACK.withParameters(scenarios.get(scenario).parameters()), ATTRIBUTES, scenario);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(String scenario) {
        return (Map<String, Map<String, Object>>) transformed.get(scenario).get("Resources");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    /** The template as `sam package` leaves it: the code and the layer uploaded, named after their content. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> packaged(Map<String, Object> template, String code, String layer) {
        Map<String, Object> copy = JSON.readValue(JSON.writeValueAsString(template), Map.class);
        ((Map<String, Object>) ((Map<String, Object>) copy.get("Globals")).get("Function"))
                .put("CodeUri", "s3://sam-artifacts/" + code);
        for (TemplateResource function : TemplateUnderTest.functions()) {
            assertTrue(
                    !function.properties().containsKey("CodeUri"), function.logicalId() + " has a CodeUri of its own");
        }
        properties((Map<String, Object>) ((Map<String, Object>) copy.get("Resources")).get("UserJobs"))
                .put("ContentUri", "s3://sam-artifacts/" + layer);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutDescriptions(Map<String, Object> template) {
        Map<String, Object> copy = JSON.readValue(JSON.writeValueAsString(template), Map.class);
        for (String function : FUNCTIONS) {
            Map<String, Object> properties =
                    properties((Map<String, Object>) ((Map<String, Object>) copy.get("Resources")).get(function));
            properties.remove("Description");
            properties.remove("VersionDescription");
        }
        return copy;
    }
}
