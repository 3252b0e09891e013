package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.infra.Attributes;
import io.gristmill.infra.NamedResource;
import io.gristmill.infra.StackSettings;
import io.gristmill.infra.TemplateResource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each function's Description and VersionDescription state the settings its version was published with
 * (see template.yaml, and SamTransformTest for why): they must be the same text, so that a new version
 * description always comes with a change of $LATEST's configuration, and fit Lambda's 256 characters.
 */
class VersionDescriptionTest {
    static final int LAMBDA_DESCRIPTION_LIMIT = 256;

    @Test
    void everyFunctionDescribesItsVersionWithItsOwnDescription() {
        for (TemplateResource function : TemplateUnderTest.functions()) {
            Object description = function.properties().get("Description");
            assertNotNull(description, function.logicalId());
            assertEquals(description, function.properties().get("VersionDescription"), function.logicalId());
            assertEquals(true, function.properties().get("AutoPublishAliasAllProperties"), function.logicalId());
        }
    }

    /** The longest each description can be: every parameter at its longest, and the longest layer ARN. */
    @Test
    void theDescriptionsFitLambdasLimitForEveryParameterValue() {
        // The bucket name (<stack>-<account>-<region>, at most 63 characters) limits the stack name.
        String region = "ap-southeast-4";
        String stackName = "s".repeat(63 - 1 - 12 - 1 - region.length());
        StackSettings stack = new StackSettings(stackName, "123456789012", region, longestParameters());
        String layerArn = "arn:aws-us-gov:lambda:" + region + ":123456789012:layer:" + stackName + "-user-jobs:999999";
        Attributes attributes = new Attributes() {
            @Override
            public String ref(NamedResource resource, StackSettings settings) {
                return resource.logicalId().equals("UserJobs")
                        ? layerArn
                        : SamTransformTest.ATTRIBUTES.ref(resource, settings);
            }

            @Override
            public String getAtt(NamedResource resource, String attribute, StackSettings settings) {
                return SamTransformTest.ATTRIBUTES.getAtt(resource, attribute, settings);
            }
        };
        for (TemplateResource function : TemplateUnderTest.functions()) {
            String text = (String) TemplateUnderTest.template()
                    .evaluate(function.properties().get("Description"), stack, attributes, function.logicalId());
            assertTrue(text.contains(layerArn), text);
            assertTrue(text.length() <= LAMBDA_DESCRIPTION_LIMIT, text.length() + " characters: " + text);
        }
    }

    private static Map<String, String> longestParameters() {
        Map<String, String> values = new LinkedHashMap<>();
        TemplateUnderTest.template().parameters().forEach((name, declaration) -> {
            if (declaration.get("MaxValue") != null) {
                values.put(name, String.valueOf(declaration.get("MaxValue")));
            } else if (declaration.get("MaxLength") != null) {
                values.put(name, "9".repeat(Integer.parseInt(String.valueOf(declaration.get("MaxLength")))));
            }
        });
        values.put("UserJobsLayer", "Enabled");
        return values;
    }
}
