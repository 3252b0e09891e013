package io.gristmill.local.edge;

import java.util.Locale;
import java.util.Optional;

/** The services the edge routes to: the three Gristmill uses. */
public enum AwsService {
    S3("s3", "S3", AwsProtocol.REST_XML),
    SQS("sqs", "SQS", AwsProtocol.JSON),
    DYNAMODB("dynamodb", "DynamoDB", AwsProtocol.JSON);

    /** The name in SigV4 credential scopes, endpoint variables and the AWS CLI: {@code s3}. */
    public final String id;
    /** The name users know: {@code DynamoDB}. */
    public final String title;

    final AwsProtocol protocol;

    AwsService(String id, String title, AwsProtocol protocol) {
        this.id = id;
        this.title = title;
        this.protocol = protocol;
    }

    /** The service of a SigV4 credential scope's service name, if the edge serves it. */
    public static Optional<AwsService> byId(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        for (AwsService s : values()) if (s.id.equals(lower)) return Optional.of(s);
        return Optional.empty();
    }
}
