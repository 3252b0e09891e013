package io.gristmill.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** A deployed stack's outputs (BucketName, TableName, the queue URLs), read with DescribeStacks. */
final class StackOutputs {
    static final String BUCKET = "BucketName";
    static final String TABLE = "TableName";
    /** States in which the stack's resources exist as its template says (a failed update rolled back is one). */
    static final Set<String> USABLE = Set.of(
            StackStatus.CREATE_COMPLETE.toString(),
            StackStatus.UPDATE_COMPLETE.toString(),
            StackStatus.UPDATE_ROLLBACK_COMPLETE.toString(),
            StackStatus.IMPORT_COMPLETE.toString(),
            StackStatus.IMPORT_ROLLBACK_COMPLETE.toString());

    private StackOutputs() {}

    static Map<String, String> of(CloudFormationClient cloudFormation, String stackName, String region)
            throws UsageException {
        Stack stack;
        try {
            stack = cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().stream()
                    .findFirst()
                    .orElseThrow(() -> new UsageException(missing(stackName, region)));
        } catch (CloudFormationException e) {
            // CloudFormation answers a missing stack with a ValidationError, not a 404.
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                throw new UsageException(missing(stackName, region));
            }
            throw e;
        }
        String status = stack.stackStatusAsString();
        if (!USABLE.contains(status)) {
            throw new UsageException("stack " + stackName + " is " + status
                    + (status.endsWith("_IN_PROGRESS")
                            ? "; wait until it is complete"
                            : "; its resources are not usable (see its events in the CloudFormation console, then sam deploy"
                                    + " it again)"));
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output o : stack.outputs()) outputs.put(o.outputKey(), o.outputValue());
        for (String required : new String[] {BUCKET, TABLE}) {
            if (!outputs.containsKey(required)) {
                throw new UsageException("stack " + stackName + " has no output " + required
                        + ": is it a Gristmill stack? (its outputs are " + outputs.keySet() + ")");
            }
        }
        return outputs;
    }

    private static String missing(String stackName, String region) {
        return "there is no stack named " + stackName + " in " + region + "; check --stack and --region"
                + " (sam deploy --guided saved both in samconfig.toml)";
    }
}
