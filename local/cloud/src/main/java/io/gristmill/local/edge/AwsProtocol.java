package io.gristmill.local.edge;

import java.util.Locale;
import java.util.Set;

/** The wire protocols of AWS services, which decide how an error must look to the client's SDK. */
enum AwsProtocol {
    /** S3: REST with XML bodies; errors are {@code <Error><Code>}. */
    REST_XML,
    /** DynamoDB, and SQS since 2023: {@code X-Amz-Target} and JSON; errors carry {@code __type}. */
    JSON,
    /** SQS before 2023, STS, SNS...: form-encoded {@code Action=}; errors are {@code <ErrorResponse>}. */
    QUERY,
    /** Lambda, API Gateway...: REST with JSON bodies; the error code is in {@code x-amzn-ErrorType}. */
    REST_JSON;

    /** REST services that answer in XML, like S3; the other REST services answer in JSON. */
    private static final Set<String> REST_XML_SERVICES = Set.of("s3", "s3control", "route53", "cloudfront");

    /** The protocol a request was written in, from its headers. */
    static AwsProtocol of(HttpHead request) {
        return of(request, null);
    }

    /**
     * The protocol a request was written in, from its headers and, for REST requests, the service it was
     * signed for ({@code lambda} is REST-JSON, {@code route53} REST-XML); null when unknown.
     */
    static AwsProtocol of(HttpHead request, String service) {
        String contentType = request.header("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (request.header("X-Amz-Target") != null || type.startsWith("application/x-amz-json")) return JSON;
        if (type.startsWith("application/x-www-form-urlencoded")
                && request.method().equals("POST")) return QUERY;
        if (type.startsWith("application/json")) return REST_JSON;
        if (service != null && !REST_XML_SERVICES.contains(service.toLowerCase(Locale.ROOT))) return REST_JSON;
        return REST_XML;
    }
}
