package io.gristmill.infra;

/**
 * A resource as Ref and Fn::GetAtt see it.
 *
 * @param name its physical name (BucketName, QueueName, TableName, FunctionName, or the name generated when
 *     the template sets none), or null for types that have no name (e.g. AWS::SQS::QueuePolicy)
 */
public record NamedResource(String logicalId, String type, String name) {}
