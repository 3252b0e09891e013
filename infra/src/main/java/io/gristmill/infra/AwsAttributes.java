package io.gristmill.infra;

/**
 * Ref and Fn::GetAtt as AWS answers them, derived from the resources' names: queue Ref is its URL, bucket,
 * table, function, role and log group Refs are their names, and Arns follow each service's ARN format.
 */
public final class AwsAttributes implements Attributes {

    public static final AwsAttributes INSTANCE = new AwsAttributes();

    private AwsAttributes() {}

    @Override
    public String ref(NamedResource resource, StackSettings settings) {
        return switch (resource.type()) {
            case "AWS::SQS::Queue" ->
                "https://sqs." + settings.region() + "." + settings.urlSuffix() + "/" + settings.accountId() + "/"
                        + resource.name();
            case "AWS::S3::Bucket",
                    "AWS::DynamoDB::Table",
                    "AWS::Serverless::Function",
                    "AWS::Lambda::Function",
                    "AWS::IAM::Role",
                    "AWS::Logs::LogGroup" -> resource.name();
            default ->
                throw new TemplateException(
                        "Ref of " + resource.logicalId() + " (" + resource.type() + ") is not supported");
        };
    }

    @Override
    public String getAtt(NamedResource resource, String attribute, StackSettings settings) {
        String value = switch (resource.type() + "." + attribute) {
            case "AWS::SQS::Queue.Arn" -> arn("sqs", settings, resource.name());
            case "AWS::SQS::Queue.QueueName" -> resource.name();
            case "AWS::SQS::Queue.QueueUrl" -> ref(resource, settings);
            case "AWS::S3::Bucket.Arn" -> "arn:" + settings.partition() + ":s3:::" + resource.name();
            case "AWS::DynamoDB::Table.Arn" -> arn("dynamodb", settings, "table/" + resource.name());
            case "AWS::Serverless::Function.Arn", "AWS::Lambda::Function.Arn" ->
                arn("lambda", settings, "function:" + resource.name());
            // IAM is global: its ARNs have no region.
            case "AWS::IAM::Role.Arn" ->
                "arn:" + settings.partition() + ":iam::" + settings.accountId() + ":role/" + resource.name();
            // CloudFormation documents a log group's Arn with the ":*" that covers its streams.
            case "AWS::Logs::LogGroup.Arn" -> arn("logs", settings, "log-group:" + resource.name() + ":*");
            default -> null;
        };
        if (value == null) {
            throw new TemplateException("Fn::GetAtt " + resource.logicalId() + "." + attribute + " is not supported ("
                    + resource.logicalId() + " is an " + resource.type() + ")");
        }
        return value;
    }

    private static String arn(String service, StackSettings settings, String resource) {
        return "arn:" + settings.partition() + ":" + service + ":" + settings.region() + ":" + settings.accountId()
                + ":" + resource;
    }
}
