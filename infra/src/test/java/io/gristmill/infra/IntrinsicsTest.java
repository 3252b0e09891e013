package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntrinsicsTest {
    private static final StackSettings SETTINGS =
            new StackSettings("mill", "123456789012", "eu-west-1", Map.of("Env", "prod"));

    private static final String TEMPLATE = """
            Parameters:
              Env: {Type: String, Default: dev}
              Size: {Type: Number, Default: 4}
              Zones: {Type: CommaDelimitedList, Default: "a, b, c"}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsDev: !Not [!Condition IsProd]
              Big: !Equals [!Ref Size, 4]
              ProdAndBig: !And [!Condition IsProd, !Condition Big]
              DevOrBig: !Or [!Condition IsDev, !Condition Big]
              Loop: !Condition Loop
            Mappings:
              Sizes: {prod: {memory: 2048}, dev: {memory: 512}}
            """;

    /** Evaluates one expression (YAML) against TEMPLATE; resources answer "ref:Id" and "att:Id.Attr". */
    private static Object eval(String expression) {
        Template template = Template.parse(TEMPLATE + "Expression: " + expression + "\n");
        Intrinsics intrinsics = new Intrinsics(
                SETTINGS,
                new Parameters(template.parameters(), SETTINGS.parameters()),
                template,
                (id, attribute, where) -> attribute == null ? "ref:" + id : "att:" + id + "." + attribute);
        return intrinsics.evaluate(template.document().get("Expression"), "Resources.R.Properties.P");
    }

    private static String error(String expression) {
        return assertThrows(TemplateException.class, () -> eval(expression)).getMessage();
    }

    @Test
    void refAnswersParametersPseudoParametersAndResources() {
        assertEquals("prod", eval("!Ref Env"));
        assertEquals("4", eval("!Ref Size"));
        assertEquals(List.of("a", "b", "c"), eval("!Ref Zones"));
        assertEquals(
                List.of("mill", "123456789012", "eu-west-1", "aws", "amazonaws.com"),
                eval("[!Ref AWS::StackName, !Ref AWS::AccountId, !Ref AWS::Region, !Ref AWS::Partition,"
                        + " !Ref AWS::URLSuffix]"));
        assertEquals("ref:MapQueue", eval("!Ref MapQueue"));
    }

    @Test
    void noValueDropsThePropertyOrElement() {
        assertEquals(Map.of("Kept", 1), eval("{Kept: 1, Dropped: !Ref AWS::NoValue}"));
        assertEquals(List.of("a"), eval("[a, !If [IsDev, b, !Ref AWS::NoValue]]"));
    }

    @Test
    void unsupportedPseudoParameterIsNamed() {
        assertEquals(
                "Unsupported pseudo parameter AWS::StackId at Resources.R.Properties.P.Ref",
                error("!Ref AWS::StackId"));
    }

    @Test
    void subReplacesRefsAndAttributes() {
        assertEquals("mill-123456789012-eu-west-1", eval("!Sub '${AWS::StackName}-${AWS::AccountId}-${AWS::Region}'"));
        assertEquals("env=prod size=4", eval("!Sub 'env=${Env} size=${Size}'"));
        assertEquals("q=ref:MapQueue arn=att:MapQueue.Arn", eval("!Sub 'q=${MapQueue} arn=${MapQueue.Arn}'"));
        assertEquals("no variables", eval("!Sub 'no variables'"));
    }

    @Test
    void subWithVariablesPrefersThem() {
        assertEquals(
                "prod/2048/mill/x",
                eval("!Sub ['${Env}/${Memory}/${AWS::StackName}/${Env2}',"
                        + " {Memory: !FindInMap [Sizes, !Ref Env, memory], Env2: x}]"));
        assertEquals("shadowed-att:Q.Arn", eval("!Sub ['${Env}-${Q.Arn}', {Env: shadowed}]"));
    }

    @Test
    void subEscapesWithAnExclamationMark() {
        assertEquals(
                "${Literal} and ${AWS::Region} but eu-west-1",
                eval("!Sub '${!Literal} and ${!AWS::Region} but ${AWS::Region}'"));
    }

    @Test
    void subErrorsNameThePlace() {
        assertEquals(
                "Fn::Sub at Resources.R.Properties.P.Fn::Sub has an unclosed ${ in 'a-${Env'", error("!Sub 'a-${Env'"));
        assertEquals(
                "Expected a string at Resources.R.Properties.P.Fn::Sub ${Zones}, got: [a, b, c]",
                error("!Sub '${Zones}'"));
    }

    @Test
    void getAttHasBothForms() {
        assertEquals("att:Db.Endpoint.Address", eval("!GetAtt Db.Endpoint.Address"));
        assertEquals("att:Q.Arn", eval("{Fn::GetAtt: [Q, Arn]}"));
        assertEquals("att:Q.Arn", eval("{Fn::GetAtt: Q.Arn}"));
    }

    @Test
    void joinSelectAndSplit() {
        assertEquals("a-b-4", eval("!Join ['-', [a, b, !Ref Size]]"));
        assertEquals("a|b|c", eval("!Join ['|', !Ref Zones]"));
        assertEquals("b", eval("!Select [1, !Ref Zones]"));
        assertEquals("c", eval("!Select ['2', [a, b, c]]"));
        assertEquals(List.of("arn", "aws", "sqs"), eval("!Split [':', 'arn:aws:sqs']"));
        assertEquals("sqs", eval("!Select [2, !Split [':', !Sub 'arn:${AWS::Partition}:sqs']]"));
    }

    @Test
    void selectOutOfBoundsIsNamed() {
        assertEquals(
                "Fn::Select at Resources.R.Properties.P.Fn::Select: index 3 is out of bounds for 3 values",
                error("!Select [3, [a, b, c]]"));
    }

    @Test
    void wrongArgumentCountsAreNamed() {
        assertEquals("Resources.R.Properties.P.Fn::Join needs a list of 2 arguments, got: [a]", error("!Join [a]"));
    }

    @Test
    void conditionsAndIf() {
        assertEquals("big", eval("!If [IsProd, big, small]"));
        assertEquals("small", eval("!If [IsDev, big, small]"));
        assertEquals(
                List.of(true, false, true, true),
                eval("[!Condition IsProd, !Condition IsDev," + " !Condition ProdAndBig, !Condition DevOrBig]"));
        assertEquals(true, eval("!Equals [!Ref Size, '4']"));
        assertEquals(false, eval("!Or [!Equals [a, b], !Not [true]]"));
    }

    @Test
    void conditionErrorsAreNamed() {
        assertEquals(
                "Unknown condition 'Nope' at Resources.R.Properties.P.Fn::If; the template declares "
                        + "[IsProd, IsDev, Big, ProdAndBig, DevOrBig, Loop]",
                error("!If [Nope, a, b]"));
        assertEquals("Condition 'Loop' depends on itself (at Conditions.Loop.Condition)", error("!Condition Loop"));
    }

    @Test
    void findInMapAndBase64() {
        assertEquals(2048, eval("!FindInMap [Sizes, !Ref Env, memory]"));
        assertEquals(
                "Fn::FindInMap at Resources.R.Properties.P.Fn::FindInMap: Mappings has no Sizes.test.memory",
                error("!FindInMap [Sizes, test, memory]"));
        assertEquals(Base64.getEncoder().encodeToString("mill".getBytes()), eval("!Base64 {Ref: AWS::StackName}"));
    }

    @Test
    void unsupportedFunctionsAreNamedWithTheirPlace() {
        assertEquals(
                "Unsupported intrinsic function Fn::ImportValue at Resources.R.Properties.P.Deep[1] (supported:"
                        + " Ref, Condition, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::Equals,"
                        + " Fn::Not, Fn::And, Fn::Or, Fn::FindInMap, Fn::Base64)",
                error("{Deep: [a, !ImportValue shared]}"));
    }

    @Test
    void iamConditionsAreData() {
        // A policy statement's Condition is a map, not the Condition function.
        Map<String, Object> statement = Map.of(
                "Effect", "Allow", "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", "123456789012")));
        assertEquals(
                statement,
                eval("{Effect: Allow, Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}}"));
        assertEquals(
                Map.of("Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", "x"))),
                eval("{Condition: {ArnEquals: {aws:SourceArn: x}}}"));
    }

    @Test
    void plainDataIsUnchanged() {
        assertEquals(Map.of("a", List.of(1, "b", true)), eval("{a: [1, b, true]}"));
    }
}
