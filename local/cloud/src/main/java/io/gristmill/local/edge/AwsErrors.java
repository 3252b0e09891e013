package io.gristmill.local.edge;

import io.gristmill.engine.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Error responses the edge writes itself, each in the shape its protocol's SDKs parse, so that an AWS CLI,
 * boto3 or Java SDK user sees the code and the message rather than an unparseable body.
 */
final class AwsErrors {
    private AwsErrors() {}

    /** A complete response: status, headers, body. */
    record Response(int status, Map<String, String> headers, byte[] body) {}

    static Response of(AwsProtocol protocol, AwsService service, int status, String code, String message) {
        String requestId = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>();
        String body;
        switch (protocol) {
            case JSON -> {
                String prefix = service == AwsService.DYNAMODB
                        ? "com.amazonaws.dynamodb.v20120810#"
                        : service == AwsService.SQS ? "com.amazonaws.sqs#" : "";
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("__type", prefix + code);
                doc.put("message", message);
                body = Json.write(doc);
                headers.put("Content-Type", "application/x-amz-json-1.0");
                headers.put("x-amzn-RequestId", requestId);
                // SQS's JSON protocol keeps its query-era codes here (e.g. for an SDK's error mapping).
                if (service == AwsService.SQS) headers.put("x-amzn-query-error", code + ";Sender");
            }
            case REST_JSON -> {
                body = Json.write(Map.of("message", message));
                headers.put("Content-Type", "application/json");
                headers.put("x-amzn-ErrorType", code);
                headers.put("x-amzn-RequestId", requestId);
            }
            case QUERY -> {
                body = "<?xml version=\"1.0\"?>\n<ErrorResponse><Error><Type>Sender</Type><Code>" + xml(code)
                        + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + requestId
                        + "</RequestId></ErrorResponse>\n";
                headers.put("Content-Type", "text/xml");
                headers.put("x-amzn-RequestId", requestId);
            }
            default -> {
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml(code) + "</Code><Message>"
                        + xml(message) + "</Message><RequestId>" + requestId + "</RequestId></Error>\n";
                headers.put("Content-Type", "application/xml");
                headers.put("x-amz-request-id", requestId);
            }
        }
        return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
