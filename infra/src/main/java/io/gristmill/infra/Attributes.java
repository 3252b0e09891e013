package io.gristmill.infra;

/**
 * Answers {@code Ref} and {@code Fn::GetAtt} of a stack's resources. On AWS these are derived from names
 * ({@link AwsAttributes}); against an emulator they are whatever the endpoint returned (an ElasticMQ queue
 * URL is http://127.0.0.1:PORT/000000000000/name), so resolution takes them as an argument.
 */
public interface Attributes {

    /** The value of {@code Ref} of the resource. */
    String ref(NamedResource resource, StackSettings settings);

    /** The value of {@code Fn::GetAtt} of the resource's attribute (Arn, QueueName, ...). */
    String getAtt(NamedResource resource, String attribute, StackSettings settings);
}
