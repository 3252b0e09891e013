package io.gristmill.infra;

import java.util.Map;

/**
 * Ref and Fn::GetAtt as a particular endpoint answers them: queues by the URLs and ARNs it returned when
 * they were created (an emulator's differ from AWS's), everything else as on AWS. Buckets, tables and
 * functions are addressed by name wherever the stack uses them, so their names are all that matters.
 */
public final class EndpointAttributes implements Attributes {
    private final Map<String, QueueEndpoint> queues;

    /** @param queues each queue's endpoint by logical id */
    public EndpointAttributes(Map<String, QueueEndpoint> queues) {
        this.queues = Map.copyOf(queues);
    }

    @Override
    public String ref(NamedResource resource, StackSettings settings) {
        if (resource.type().equals("AWS::SQS::Queue")) {
            return queue(resource).url();
        }
        return AwsAttributes.INSTANCE.ref(resource, settings);
    }

    @Override
    public String getAtt(NamedResource resource, String attribute, StackSettings settings) {
        if (resource.type().equals("AWS::SQS::Queue")) {
            switch (attribute) {
                case "Arn":
                    return queue(resource).arn();
                case "QueueUrl":
                    return queue(resource).url();
                default:
                    break;
            }
        }
        return AwsAttributes.INSTANCE.getAtt(resource, attribute, settings);
    }

    private QueueEndpoint queue(NamedResource resource) {
        QueueEndpoint queue = queues.get(resource.logicalId());
        if (queue == null) {
            throw new TemplateException("Queue " + resource.logicalId() + " has not been provisioned");
        }
        return queue;
    }
}
