package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {
    private static final String DECLARATIONS = """
            Parameters:
              Memory: {Type: Number, Default: 1769, MinValue: 256, MaxValue: 10240}
              Floor: {Type: Number, Default: 7, MinValue: 1}
              Ceiling: {Type: Number, Default: 7, MaxValue: 10}
              Split: {Type: String, Default: 64MB}
              Mode: {Type: String, Default: fast, AllowedValues: [fast, safe]}
              Level: {Type: Number, Default: 1, AllowedValues: [1, 2, 3]}
              Prefix: {Type: String, Default: ab, AllowedPattern: '[a-z]+', MinLength: 2, MaxLength: 4,
                       ConstraintDescription: lower-case letters only}
              Ports: {Type: List<Number>, Default: '80, 443'}
              Names: {Type: CommaDelimitedList, Default: [x, y]}
            """;

    private static Parameters parameters(Map<String, String> overrides) {
        return new Parameters(Template.parse(DECLARATIONS).parameters(), overrides);
    }

    private static String error(Map<String, String> overrides) {
        return assertThrows(TemplateException.class, () -> parameters(overrides))
                .getMessage();
    }

    @Test
    void defaultsApplyAndOverridesWin() {
        Parameters parameters = parameters(Map.of("Memory", "3008"));
        assertEquals("3008", parameters.ref("Memory"));
        assertEquals("64MB", parameters.ref("Split"));
        assertEquals("1769", parameters(Map.of()).ref("Memory"));
        assertEquals(
                List.of("Memory", "Floor", "Ceiling", "Split", "Mode", "Level", "Prefix", "Ports", "Names"),
                List.copyOf(parameters.values().keySet()));
        assertFalse(parameters.has("Nope"));
    }

    @Test
    void listTypesAreListsToRef() {
        Parameters parameters = parameters(Map.of());
        assertEquals(List.of("80", "443"), parameters.ref("Ports"));
        assertEquals(List.of("x", "y"), parameters.ref("Names"));
        assertEquals("x,y", parameters.values().get("Names"));
    }

    @Test
    void numbersAreChecked() {
        assertEquals("Parameter 'Memory' must be a Number, got '2GB'", error(Map.of("Memory", "2GB")));
        assertEquals("Parameter 'Ports' must be a Number, got 'http'", error(Map.of("Ports", "80,http")));
    }

    @Test
    void rangesAreChecked() {
        assertEquals(
                "Parameter 'Memory' is 128 but must be from 256 to 10240 (MinValue/MaxValue)",
                error(Map.of("Memory", "128")));
        assertEquals(
                "Parameter 'Memory' is 20000 but must be from 256 to 10240 (MinValue/MaxValue)",
                error(Map.of("Memory", "20000")));
        assertEquals("Parameter 'Floor' is 0 but must be at least 1 (MinValue/MaxValue)", error(Map.of("Floor", "0")));
        assertEquals(
                "Parameter 'Ceiling' is 11 but must be at most 10 (MinValue/MaxValue)", error(Map.of("Ceiling", "11")));
        assertEquals("10240", parameters(Map.of("Memory", "10240")).ref("Memory"));
    }

    @Test
    void allowedValuesAreChecked() {
        assertEquals(
                "Parameter 'Mode' is 'slow' but must be one of [fast, safe] (AllowedValues)",
                error(Map.of("Mode", "slow")));
        assertEquals(
                "Parameter 'Level' is '4' but must be one of [1, 2, 3] (AllowedValues)", error(Map.of("Level", "4")));
        assertEquals("2", parameters(Map.of("Level", "2")).ref("Level"));
    }

    @Test
    void stringConstraintsAreCheckedWithTheirDescription() {
        assertEquals(
                "Parameter 'Prefix' is 'AB' but must match [a-z]+ (AllowedPattern): lower-case letters only",
                error(Map.of("Prefix", "AB")));
        assertEquals(
                "Parameter 'Prefix' is 'abcde' but its length must be from 2 to 4 (MinLength/MaxLength):"
                        + " lower-case letters only",
                error(Map.of("Prefix", "abcde")));
    }

    @Test
    void unknownOverridesAreNamedWithTheFix() {
        assertEquals(
                "Unknown parameter 'Memroy': the template declares [Memory, Floor, Ceiling, Split, Mode, Level,"
                        + " Prefix, Ports, Names]; fix the name or drop the override",
                error(Map.of("Memroy", "512")));
    }

    @Test
    void missingValuesAreNamedWithTheFix() {
        Map<String, Map<String, Object>> declarations =
                Template.parse("Parameters:\n  Owner: {Type: String}").parameters();
        TemplateException e = assertThrows(TemplateException.class, () -> new Parameters(declarations, Map.of()));
        assertEquals(
                "Parameter 'Owner' has no value: the template gives it no Default, so pass one"
                        + " (parameters Owner=...)",
                e.getMessage());
        assertEquals("me", new Parameters(declarations, Map.of("Owner", "me")).ref("Owner"));
    }

    @Test
    void ssmParameterTypesAreRejected() {
        Map<String, Map<String, Object>> declarations = Template.parse(
                        "Parameters:\n  Ami: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /ami}")
                .parameters();
        assertEquals(
                "Parameter 'Ami' has type AWS::SSM::Parameter::Value<String>, which needs Systems Manager to"
                        + " resolve; use type String instead",
                assertThrows(TemplateException.class, () -> new Parameters(declarations, Map.of()))
                        .getMessage());
    }
}
