package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gristmill.infra.Template;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSourceRulesTest {
    @Test
    void theStacksEventSourcesFollowTheRules() {
        assertEquals(List.of(), EventSourceRules.violations(TemplateUnderTest.template()));
    }

    /** Each rule, broken once: the checks can fail. */
    @Test
    void brokenEventSourcesAreReported() {
        Template broken = Template.parse("""
                Parameters:
                  Timeout: {Type: Number, Default: 300, MinValue: 30, MaxValue: 900}
                Resources:
                  Work: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: 1800}}
                  Short: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: 600, MessageRetentionPeriod: 1209600,
                          RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3}}}
                  Dlq: {Type: AWS::SQS::Queue}
                  Scaled: {Type: AWS::SQS::Queue, Properties: {VisibilityTimeout: !Sub "${Timeout}",
                          RedrivePolicy: {deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 5}}}
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Timeout: !Ref Timeout
                      Events:
                        A: {Type: SQS, Properties: {Queue: !GetAtt Work.Arn, BatchSize: 50}}
                        B: {Type: SQS, Properties: {Queue: !GetAtt Short.Arn, FunctionResponseTypes: [ReportBatchItemFailures],
                            ScalingConfig: {MaximumConcurrency: 1}}}
                        C: {Type: SQS, Properties: {Queue: arn:aws:sqs:us-east-1:1:elsewhere,
                            FunctionResponseTypes: [ReportBatchItemFailures], ScalingConfig: {MaximumConcurrency: 5}}}
                        D: {Type: SQS, Properties: {Queue: !GetAtt Scaled.Arn, FunctionResponseTypes: [ReportBatchItemFailures],
                            ScalingConfig: {MaximumConcurrency: 5}}}
                """);
        assertEquals(
                List.of(
                        "F.Events.A: FunctionResponseTypes lacks ReportBatchItemFailures",
                        "F.Events.A: no ScalingConfig.MaximumConcurrency",
                        "F.Events.A: a BatchSize above 10 needs MaximumBatchingWindowInSeconds",
                        "F.Events.A: Work's visibility timeout can be 1800 s, less than 6 x F's timeout, which can be 900 s",
                        "F.Events.A: Work has no RedrivePolicy to a dead-letter queue of this template",
                        "F.Events.B: MaximumConcurrency may be Bounds[min=1, max=1], outside Lambda's 2..1000",
                        "F.Events.B: Short's visibility timeout can be 600 s, less than 6 x F's timeout, which can be 900 s",
                        "F.Events.B: Dlq keeps messages 345600 s, less than Short may (1209600 s): dead letters would expire early",
                        "F.Events.C: Queue must be !GetAtt <a queue of this template>.Arn, got arn:aws:sqs:us-east-1:1:elsewhere",
                        "F.Events.D: Scaled's visibility timeout is 1 x Timeout, less than 6 x F's timeout, 1 x Timeout"),
                EventSourceRules.violations(broken));
    }
}
