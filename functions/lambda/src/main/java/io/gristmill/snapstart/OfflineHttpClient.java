package io.gristmill.snapstart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * An HTTP client that never opens a socket: it reads each request's body (so that marshalling,
 * signing and checksums all run) and answers with a minimal success, as S3 (REST) or a JSON service
 * (DynamoDB, SQS) would. Priming drives SDK clients through it so their whole request pipeline is
 * loaded and compiled before the snapshot, and no connection can end up in the snapshot.
 */
final class OfflineHttpClient implements SdkHttpClient {
    private static final String TARGET = "X-Amz-Target";

    private final AtomicInteger requests = new AtomicInteger();

    /** How many requests the SDK sent through this client. */
    int requests() {
        return requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                requests.incrementAndGet();
                request.contentStreamProvider().ifPresent(body -> drain(body.newStream()));
                return answer(request.httpRequest());
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    private static void drain(InputStream body) {
        try (InputStream in = body) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpExecuteResponse answer(SdkHttpRequest request) {
        String target = request.firstMatchingHeader(TARGET).orElse(null);
        byte[] body;
        SdkHttpFullResponse.Builder response = SdkHttpFullResponse.builder().statusCode(200);
        if (target != null) {
            body = jsonAnswer(target.substring(target.indexOf('.') + 1)).getBytes(StandardCharsets.UTF_8);
            response.putHeader("Content-Type", "application/x-amz-json-1.0");
        } else {
            // S3: every object is the same few bytes; a PUT gets the ETag S3 would give them.
            body = "primed".getBytes(StandardCharsets.UTF_8);
            response.putHeader("ETag", "\"a7dba4f9b7a3b9fd8f0bd9e1d8b6f8e1\"");
            if ("HEAD".equals(request.method().name())
                    || "PUT".equals(request.method().name())) body = new byte[0];
            else response.putHeader("Content-Type", "text/plain");
        }
        response.putHeader("Content-Length", Integer.toString(body.length));
        return HttpExecuteResponse.builder()
                .response(response.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                .build();
    }

    /** The smallest valid answer of each JSON operation priming calls; others get an empty object. */
    private static String jsonAnswer(String operation) {
        return switch (operation) {
            case "SendMessageBatch" -> "{\"Successful\":[],\"Failed\":[]}";
            case "GetQueueUrl" ->
                "{\"QueueUrl\":\"https://sqs.us-east-1.amazonaws.com/000000000000/gristmill-priming\"}";
            case "Query" -> "{\"Items\":[],\"Count\":0,\"ScannedCount\":0}";
            default -> "{}";
        };
    }

    @Override
    public void close() {
        // no resources
    }
}
