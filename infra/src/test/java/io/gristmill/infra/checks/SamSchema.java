package io.gristmill.infra.checks;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * SAM's JSON schema of its own resource types (draft-04), applied to parts of a template in their JSON
 * form: intrinsic functions must already be long forms ({@code {"Ref": ...}}), as infra's
 * {@code Template.document()} gives them. Plain CloudFormation types are not in this schema.
 */
final class SamSchema {
    private static final String PREFIX = "samtranslator__internal__schema_source__aws_serverless_";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The name the schema is registered under; nothing is ever fetched from it. */
    private static final String IRI = "https://schemas.gristmill.invalid/sam.schema.json";

    private final SchemaRegistry registry;

    SamSchema(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_4, builder -> builder.schemas(Map.of(IRI, text)));
    }

    /** The schema of a SAM type, e.g. AWS::Serverless::Function → its __Resource definition. */
    List<Error> validateResource(String type, Object definition) {
        String name = type.substring("AWS::Serverless::".length()).toLowerCase(Locale.ROOT);
        return validate(PREFIX + name + "__Resource", definition);
    }

    List<Error> validateGlobals(Object globals) {
        return validate("__main____Globals", globals);
    }

    private List<Error> validate(String definition, Object value) {
        Schema schema = registry.getSchema(SchemaLocation.of(IRI + "#/definitions/" + definition));
        return schema.validate(JSON.valueToTree(value));
    }
}
