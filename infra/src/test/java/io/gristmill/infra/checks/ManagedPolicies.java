package io.gristmill.infra.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The AWS managed policies SAM attaches to the roles it generates, with the statements AWS publishes for
 * them: AWSLambdaBasicExecutionRole always, and AWSLambdaSQSQueueExecutionRole for an SQS event
 * (samtranslator/model/eventsources/pull.py). Both allow their actions on every resource. Any other
 * managed policy cannot be checked offline, and is reported as such.
 */
final class ManagedPolicies {
    static final String BASIC = "AWSLambdaBasicExecutionRole";
    static final String SQS = "AWSLambdaSQSQueueExecutionRole";

    private static final List<String> LOGS =
            List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");
    private static final Map<String, List<String>> ACTIONS = Map.of(
            BASIC,
            LOGS,
            SQS,
            List.of(
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:GetQueueAttributes",
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:PutLogEvents"));

    private ManagedPolicies() {}

    /** The grants of a managed policy named by name or ARN; null when it is not one of the known ones. */
    static List<Grant> grants(String nameOrArn) {
        String name = nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        List<String> actions = ACTIONS.get(name);
        if (actions == null) return null;
        List<Grant> grants = new ArrayList<>();
        for (String action : actions) grants.add(new Grant(action, "*", "managed policy " + name));
        return grants;
    }
}
