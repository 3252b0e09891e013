package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cfn-lint (AWS's CloudFormation linter, which runs the SAM transform first) on template.yaml: it knows
 * every resource type's schema and many rules this project does not check itself. Its exit code is a
 * bit mask: 2 for errors, 4 for warnings, 8 for informational findings (off by default).
 */
class CfnLintTest {
    private static final int ERRORS = 2;
    private static final int WARNINGS = 4;

    private Path cfnLint;

    @BeforeEach
    void find() {
        cfnLint = ExternalTool.require("cfn-lint", "pip install cfn-lint; CI has it");
    }

    @Test
    void theTemplateHasNoErrorOrWarning() throws Exception {
        ExternalTool.Result lint = lint(TemplateUnderTest.home().resolve("template.yaml"));
        assertEquals(0, lint.code() & (ERRORS | WARNINGS), lint.output());
        assertEquals(0, lint.code(), "cfn-lint failed: " + lint.output());
    }

    /** The check can fail: one misspelled resource type is an error. */
    @Test
    void aBrokenTemplateIsReported(@TempDir Path dir) throws Exception {
        String template = Files.readString(TemplateUnderTest.home().resolve("template.yaml"), StandardCharsets.UTF_8);
        String broken = template.replaceFirst("Type: AWS::SQS::Queue\n", "Type: AWS::SQS::Queu\n");
        assertTrue(!broken.equals(template));
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, broken, StandardCharsets.UTF_8);
        ExternalTool.Result lint = lint(copy);
        assertEquals(ERRORS, lint.code() & ERRORS, lint.output());
        assertTrue(lint.output().contains("AWS::SQS::Queu"), lint.output());
    }

    private ExternalTool.Result lint(Path template) throws Exception {
        // The region only selects the resource schemas to check against.
        return ExternalTool.run(
                List.of(cfnLint.toString(), "--regions", "eu-west-1", "--", template.toString()), Map.of(), null, 180);
    }
}
