package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import io.gristmill.infra.TemplateResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's SAM resources and Globals against SAM's own JSON schema: catches misspelled or
 * misplaced properties (which SAM would reject at deploy time, or worse, ignore) without SAM or AWS.
 * The schema does not cover plain CloudFormation types, so those are not checked here.
 */
class SamSchemaTest {
    private static SamSchema schema;

    /** Per test, so that a missing schema file shows as a skipped test with its reason. */
    @BeforeEach
    void load() throws Exception {
        java.nio.file.Path file = SharedSchemas.require(SharedSchemas.SAM_SCHEMA);
        if (schema == null) schema = new SamSchema(file);
    }

    @Test
    void globalsFollowSamsSchema() {
        List<Error> errors = schema.validateGlobals(TemplateUnderTest.template().globals());
        assertEquals(List.of(), errors);
    }

    @Test
    void everySamResourceFollowsSamsSchema() {
        int checked = 0;
        for (TemplateResource resource :
                TemplateUnderTest.template().resources().values()) {
            if (!resource.type().startsWith("AWS::Serverless::")) continue;
            List<Error> errors = schema.validateResource(resource.type(), resource.definition());
            assertEquals(List.of(), errors, resource.logicalId());
            checked++;
        }
        assertEquals(5, checked, "four functions and the user jobs layer");
    }

    /** The check can fail: the same function with one property misspelled. */
    @Test
    void aMisspelledPropertyIsReported() {
        TemplateResource map = TemplateUnderTest.template().resource("MapFunction");
        Map<String, Object> properties = new LinkedHashMap<>(map.properties());
        properties.put("SnapStrat", properties.remove("SnapStart"));
        Map<String, Object> definition = new LinkedHashMap<>(map.definition());
        definition.put("Properties", properties);
        List<Error> errors = schema.validateResource(map.type(), definition);
        assertFalse(errors.isEmpty());
        assertTrue(errors.toString().contains("SnapStrat"), errors.toString());
    }

    @Test
    void aMisspelledGlobalIsReported() {
        Map<String, Object> function =
                new LinkedHashMap<>(TemplateUnderTest.template().functionGlobals());
        function.put("Timout", 30);
        assertTrue(
                schema.validateGlobals(Map.of("Function", function)).toString().contains("Timout"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMisspelledEventPropertyIsReported() {
        TemplateResource map = TemplateUnderTest.template().resource("MapFunction");
        Map<String, Object> event = new LinkedHashMap<>(TemplateUnderTest.property(map, "Events", "Tasks"));
        Map<String, Object> eventProperties = new LinkedHashMap<>((Map<String, Object>) event.get("Properties"));
        eventProperties.put("FunctionResponseType", eventProperties.remove("FunctionResponseTypes"));
        event.put("Properties", eventProperties);
        Map<String, Object> properties = new LinkedHashMap<>(map.properties());
        properties.put("Events", Map.of("Tasks", event));
        Map<String, Object> definition = new LinkedHashMap<>(map.definition());
        definition.put("Properties", properties);
        assertTrue(schema.validateResource(map.type(), definition).toString().contains("FunctionResponseType"));
    }
}
