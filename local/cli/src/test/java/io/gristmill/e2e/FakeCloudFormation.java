package io.gristmill.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CloudFormation's DescribeStacks, as the AWS Query protocol answers it (XML), for stacks registered
 * here: what {@code grist ... --stack NAME} reads from a deployed stack, without an AWS account. Any other
 * action or stack gets CloudFormation's own errors.
 */
final class FakeCloudFormation implements AutoCloseable {
    private static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private record StackState(String status, Map<String, String> outputs) {}

    private final HttpServer server;
    private final Map<String, StackState> stacks = new ConcurrentHashMap<>();

    FakeCloudFormation() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void put(String name, String status, Map<String, String> outputs) {
        stacks.put(name, new StackState(status, outputs));
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String name = form.get("StackName");
        StackState stack = name == null ? null : stacks.get(name);
        if (!"DescribeStacks".equals(form.get("Action"))) {
            reply(exchange, 400, error("InvalidAction", "not supported here: " + form.get("Action")));
        } else if (stack == null) {
            reply(exchange, 400, error("ValidationError", "Stack with id " + name + " does not exist"));
        } else {
            StringBuilder outputs = new StringBuilder();
            stack.outputs()
                    .forEach((k, v) -> outputs.append("<member><OutputKey>")
                            .append(k)
                            .append("</OutputKey><OutputValue>")
                            .append(v)
                            .append("</OutputValue></member>"));
            reply(
                    exchange,
                    200,
                    "<DescribeStacksResponse xmlns=\"" + NS + "\"><DescribeStacksResult><Stacks><member>"
                            + "<StackName>" + name
                            + "</StackName><StackId>arn:aws:cloudformation:us-east-1:000000000000:stack/"
                            + name + "/1</StackId><CreationTime>2026-11-25T00:00:00Z</CreationTime><StackStatus>"
                            + stack.status() + "</StackStatus><Outputs>" + outputs + "</Outputs></member></Stacks>"
                            + "</DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                            + "</DescribeStacksResponse>");
        }
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + message + "</Message></Error><RequestId>2</RequestId></ErrorResponse>";
    }

    private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new ConcurrentHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
