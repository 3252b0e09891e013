package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gristmill.infra.Template;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionRulesTest {
    @Test
    void theStacksFunctionsFollowTheRulesForEveryParameterBound() {
        assertEquals(List.of(), FunctionRules.violations(TemplateUnderTest.template(), TemplateUnderTest.STACK));
    }

    @Test
    void snapStartWithoutAnAliasOrWithLargeStorageIsReported() {
        Template broken = Template.parse("""
                Parameters:
                  Storage: {Type: Number, Default: 512, MinValue: 512, MaxValue: 2048}
                Globals:
                  Function: {Runtime: java17, Architectures: [arm64]}
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      SnapStart: {ApplyOn: PublishedVersions}
                      EphemeralStorage: {Size: !Ref Storage}
                """);
        assertEquals(
                List.of(
                        "F: runtime java17 is not one of [java21, java25]",
                        "F: SnapStart without AutoPublishAlias",
                        "F with {Storage=2048}: SnapStart without AutoPublishAlias",
                        "F with {Storage=2048}: SnapStart with 2048 MB of ephemeral storage (at most 512)"),
                FunctionRules.violations(broken, TemplateUnderTest.STACK));
    }
}
