package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateParseTest {

    /** The value of key {@code v} of a one-line template. */
    private static Object value(String yaml) {
        return Template.parse("v: " + yaml).document().get("v");
    }

    @Test
    void refBecomesLongForm() {
        assertEquals(Map.of("Ref", "MapQueue"), value("!Ref MapQueue"));
    }

    @Test
    void conditionBecomesLongForm() {
        assertEquals(Map.of("Condition", "IsProd"), value("!Condition IsProd"));
    }

    @Test
    void subHasAStringAndAListForm() {
        assertEquals(Map.of("Fn::Sub", "${AWS::StackName}-map"), value("!Sub \"${AWS::StackName}-map\""));
        assertEquals(
                Map.of("Fn::Sub", List.of("${A}-${B}", Map.of("A", "x", "B", Map.of("Ref", "P")))),
                value("!Sub [\"${A}-${B}\", {A: x, B: !Ref P}]"));
    }

    @Test
    void getAttSplitsAtTheFirstDot() {
        assertEquals(Map.of("Fn::GetAtt", List.of("MapQueue", "Arn")), value("!GetAtt MapQueue.Arn"));
        assertEquals(Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address")), value("!GetAtt Db.Endpoint.Address"));
    }

    @Test
    void getAttHasASequenceForm() {
        assertEquals(Map.of("Fn::GetAtt", List.of("MapQueue", "Arn")), value("!GetAtt [MapQueue, Arn]"));
    }

    @Test
    void getAttWithoutAttributeIsAnError() {
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("a: 1\nv: !GetAtt MapQueue"));
        assertTrue(
                e.getMessage().contains("!GetAtt needs LogicalId.Attribute, got 'MapQueue' at line 2"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "!Join [',', [a, b]]               | Join",
                "!Select [0, [a, b]]               | Select",
                "!Split [',', 'a,b']               | Split",
                "!If [IsProd, a, b]                | If",
                "!Equals [a, b]                    | Equals",
                "!Not [!Condition IsProd]          | Not",
                "!And [!Condition A, !Condition B] | And",
                "!Or [!Condition A, !Condition B]  | Or",
                "!FindInMap [M, k1, k2]            | FindInMap",
                "!Base64 text                      | Base64",
                "!Cidr [10.0.0.0/16, 4, 8]         | Cidr",
                "!ImportValue shared-vpc           | ImportValue",
                "!GetAZs ''                        | GetAZs",
            })
    void functionTagsBecomeFnKeys(String yaml, String function) {
        Object parsed = value(yaml);
        Map<?, ?> map = (Map<?, ?>) parsed;
        assertEquals(List.of("Fn::" + function), List.copyOf(map.keySet()));
        // The argument is kept as written: a list for the sequence forms, a string for the scalar ones.
        Object argument = map.get("Fn::" + function);
        assertEquals(yaml.contains("["), argument instanceof List<?>, String.valueOf(argument));
    }

    @Test
    void nestedTagsKeepTheirArguments() {
        assertEquals(
                Map.of(
                        "Fn::Join",
                        List.of(
                                "",
                                List.of(
                                        "arn:",
                                        Map.of("Ref", "AWS::Partition"),
                                        Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of("/", "a/b"))))))),
                value("!Join ['', ['arn:', !Ref AWS::Partition, !Select [0, !Split ['/', a/b]]]]"));
        assertEquals(
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "Env"), "prod")))),
                value("!Not [!Equals [!Ref Env, prod]]"));
    }

    @Test
    void mappingTagArgumentsStayMaps() {
        assertEquals(Map.of("Fn::Base64", Map.of("Fn::Sub", "x")), value("!Base64 {Fn::Sub: x}"));
    }

    @Test
    void keepsTheOrderOfMappings() {
        Template template = Template.parse("Resources:\n  Zeta: {Type: A}\n  Alpha: {Type: B}\n  Mid: {Type: A}\n");
        assertEquals(
                List.of("Zeta", "Alpha", "Mid"),
                List.copyOf(template.resources().keySet()));
        assertEquals(List.of("Resources"), List.copyOf(template.document().keySet()));
    }

    @Test
    void unquotedDatesStayStrings() {
        assertEquals(
                "2010-09-09",
                Template.parse("AWSTemplateFormatVersion: 2010-09-09")
                        .document()
                        .get("AWSTemplateFormatVersion"));
    }

    @Test
    void scalarsKeepTheirJsonTypes() {
        Map<String, Object> document =
                Template.parse("n: 5\nf: 1.5\nb: true\ns: '5'\nz: null").document();
        assertEquals(5, document.get("n"));
        assertEquals(1.5, document.get("f"));
        assertEquals(true, document.get("b"));
        assertEquals("5", document.get("s"));
        assertTrue(document.containsKey("z"));
    }

    @Test
    void keysThatYamlReadsAsOtherTypesAreAnError() {
        assertEquals(
                "Key false in <string>.Resources is not a string (YAML read it as Boolean): quote it",
                assertThrows(TemplateException.class, () -> Template.parse("Resources:\n  Off: {Type: A}"))
                        .getMessage());
        assertEquals(
                "Key 123 in <string>.Mappings.Accounts is not a string (YAML read it as Integer): quote it",
                assertThrows(TemplateException.class, () -> Template.parse("Mappings:\n  Accounts: {123: {a: b}}"))
                        .getMessage());
        assertEquals(
                List.of("Off"),
                List.copyOf(Template.parse("Resources:\n  'Off': {Type: A}")
                        .resources()
                        .keySet()));
    }

    @Test
    void duplicateKeysAreAnError() {
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("a: 1\na: 2\n"));
        assertTrue(e.getMessage().contains("duplicate key a"), e.getMessage());
    }

    @Test
    void theDocumentCannotBeChanged() {
        Template template = Template.parse("Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: {QueueName: q}}");
        assertThrows(
                UnsupportedOperationException.class, () -> template.document().put("x", 1));
        assertThrows(
                UnsupportedOperationException.class,
                () -> template.resource("Q").properties().put("QueueName", "other"));
    }

    @Test
    void accessorsExposeTheSections() {
        Template template = Template.parse("""
                Description: A stack
                Parameters:
                  Size: {Type: Number, Default: 3}
                Globals:
                  Function: {Runtime: java21}
                Conditions:
                  Always: !Equals [a, a]
                Mappings:
                  M: {k: {v: 1}}
                Resources:
                  Q1: {Type: AWS::SQS::Queue}
                  B: {Type: AWS::S3::Bucket, Condition: Always}
                  Q2: {Type: AWS::SQS::Queue, Properties: {QueueName: two}}
                Outputs:
                  Out: {Value: !Ref Q1}
                """);
        assertEquals("A stack", template.description());
        assertEquals(3, template.parameters().get("Size").get("Default"));
        assertEquals(Map.of("Runtime", "java21"), template.functionGlobals());
        assertEquals(Map.of("Function", Map.of("Runtime", "java21")), template.globals());
        assertEquals(Map.of("Always", Map.of("Fn::Equals", List.of("a", "a"))), template.conditions());
        assertEquals(Map.of("M", Map.of("k", Map.of("v", 1))), template.mappings());
        assertEquals(Map.of("Value", Map.of("Ref", "Q1")), template.outputs().get("Out"));
        assertEquals(
                List.of("Q1", "Q2"),
                template.resourcesOfType("AWS::SQS::Queue").stream()
                        .map(TemplateResource::logicalId)
                        .toList());
        assertEquals(Map.of(), template.resource("Q1").properties());
        assertEquals(Map.of("QueueName", "two"), template.resource("Q2").properties());
        assertEquals("Always", template.resource("B").condition());
        assertEquals("AWS::S3::Bucket", template.resource("B").definition().get("Type"));
    }

    @Test
    void missingSectionsAreEmpty() {
        Template template = Template.parse("Resources: {}");
        assertEquals(Map.of(), template.parameters());
        assertEquals(Map.of(), template.functionGlobals());
        assertEquals(Map.of(), template.outputs());
        assertEquals(null, template.description());
    }

    @Test
    void aMissingResourceIsNamed() {
        Template template = Template.parse("Resources:\n  Q: {Type: AWS::SQS::Queue}");
        TemplateException e = assertThrows(TemplateException.class, () -> template.resource("Nope"));
        assertEquals("Template <string> has no resource 'Nope'; it has [Q]", e.getMessage());
    }

    @Test
    void malformedTemplatesAreReported() {
        assertEquals(
                "Template <string> is not a YAML mapping",
                assertThrows(TemplateException.class, () -> Template.parse("- a"))
                        .getMessage());
        assertEquals(
                "Resource Q in <string> has no Type",
                assertThrows(TemplateException.class, () -> Template.parse("Resources:\n  Q: {Properties: {}}"))
                        .getMessage());
        assertTrue(assertThrows(TemplateException.class, () -> Template.parse("a: [b"))
                .getMessage()
                .startsWith("Cannot parse template <string>: "));
    }

    @Test
    void loadNamesAMissingFile() {
        Path missing = Path.of("no-such-template.yaml");
        TemplateException e = assertThrows(TemplateException.class, () -> Template.load(missing));
        assertTrue(e.getMessage().startsWith("Cannot read template no-such-template.yaml"), e.getMessage());
    }
}
