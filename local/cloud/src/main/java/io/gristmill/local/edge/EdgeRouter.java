package io.gristmill.local.edge;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides where a request to the edge goes, from the request itself, as LocalStack's edge does: a mounted
 * handler by path prefix; otherwise the AWS service named by {@code X-Amz-Target} (DynamoDB, SQS's JSON
 * protocol), else by the SigV4 credential scope (the service the client signed for), else by the Host (a
 * virtual-hosted S3 bucket), else S3 (an unsigned request, e.g. a browser or curl on a public path). A
 * request for a service or an operation the stack does not serve is answered here, with that protocol's
 * error naming it.
 */
public final class EdgeRouter {
    /** dynalite's operations (its actions/ folder); anything else it answers with a bare UnknownOperationException. */
    static final Set<String> DYNAMODB_OPERATIONS = Set.of(
            "BatchGetItem",
            "BatchWriteItem",
            "CreateTable",
            "DeleteItem",
            "DeleteTable",
            "DescribeTable",
            "DescribeTimeToLive",
            "GetItem",
            "ListTables",
            "ListTagsOfResource",
            "PutItem",
            "Query",
            "Scan",
            "TagResource",
            "UntagResource",
            "UpdateItem",
            "UpdateTable");

    /** Where a request goes. */
    sealed interface Route permits Mounted, Forward, Refuse {}

    /** To a handler mounted on the edge. */
    record Mounted(String prefix, EdgeHandler handler) implements Route {}

    /**
     * To a service's backend.
     *
     * @param target the request target to send it (path style for S3)
     */
    record Forward(AwsService service, String operation, Upstream upstream, String target) implements Route {}

    /** Answered by the edge itself. */
    record Refuse(String service, String operation, AwsErrors.Response response) implements Route {}

    private final EdgeRoutes routes;
    private final Map<AwsService, Upstream> upstreams;
    private final RequestSigner.Verifier verifier;

    /**
     * @param backends where each service is served ({@code http://127.0.0.1:port}); one URI for all is an
     *     AWS-compatible endpoint
     * @param verifier checks signatures when the stack has credentials of its own; null accepts any
     */
    EdgeRouter(EdgeRoutes routes, Map<AwsService, Backend> backends, RequestSigner.Verifier verifier) {
        this.routes = routes;
        this.upstreams = new EnumMap<>(AwsService.class);
        backends.forEach((service, b) -> upstreams.put(service, new Upstream(b.name(), b.uri())));
        this.verifier = verifier;
    }

    /** A service's backend: its name for messages, e.g. "S3 (S3Proxy)", and its address. */
    public record Backend(String name, java.net.URI uri) {}

    Route route(HttpHead request, byte[] smallBody) {
        String target = request.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        Optional<Map.Entry<String, EdgeHandler>> mounted = routes.find(path);
        if (mounted.isPresent())
            return new Mounted(mounted.get().getKey(), mounted.get().getValue());

        Optional<CredentialScope> scope = CredentialScope.of(request, query);
        String amzTarget = request.header("X-Amz-Target");
        AwsService service;
        String operation = null;
        if (amzTarget != null) {
            int dot = amzTarget.indexOf('.');
            String prefix = dot < 0 ? amzTarget : amzTarget.substring(0, dot);
            operation = dot < 0 ? amzTarget : amzTarget.substring(dot + 1);
            if (prefix.startsWith("DynamoDB_")) service = AwsService.DYNAMODB;
            else if (prefix.equals("AmazonSQS")) service = AwsService.SQS;
            else return notServed(request, scope.map(CredentialScope::service).orElse(prefix), operation);
        } else if (scope.isPresent()) {
            Optional<AwsService> named = AwsService.byId(scope.get().service());
            if (named.isEmpty()) {
                String action = QueryString.parse(query).get("Action");
                if (action == null && smallBody != null && AwsProtocol.of(request) == AwsProtocol.QUERY) {
                    action = QueryString.parse(new String(smallBody, java.nio.charset.StandardCharsets.UTF_8))
                            .get("Action");
                }
                return notServed(request, scope.get().service(), action);
            }
            service = named.get();
        } else {
            service = AwsService.S3; // unsigned, SigV2 or a virtual host: S3 is the only one that takes them
        }

        Upstream upstream = upstreams.get(service);
        if (service == AwsService.S3) {
            VirtualHost host = VirtualHost.of(request.header("Host"));
            String pathStyle = host.bucket() == null
                    ? target
                    : "/" + host.bucket() + (path.equals("/") ? "" : path) + (q < 0 ? "" : "?" + query);
            String pathOnly = host.bucket() == null ? path : "/" + host.bucket() + path;
            operation =
                    S3Operations.name(request.method(), pathOnly, query, request.header("x-amz-copy-source") != null);
            Route checked = verify(request, query, smallBody, service, operation);
            return checked != null ? checked : new Forward(service, operation, upstream, pathStyle);
        }
        if (operation == null && smallBody != null) {
            // SQS's query protocol (older SDKs): the action is a form field
            operation = QueryString.parse(new String(smallBody, java.nio.charset.StandardCharsets.UTF_8))
                    .get("Action");
        }
        if (service == AwsService.DYNAMODB && operation != null && !DYNAMODB_OPERATIONS.contains(operation)) {
            return new Refuse(
                    service.id,
                    operation,
                    AwsErrors.of(
                            AwsProtocol.JSON,
                            service,
                            400,
                            "UnknownOperationException",
                            "DynamoDB operation " + operation + " is not served by the local stack: its DynamoDB"
                                    + " is dynalite, which has no transactions, TTL, PartiQL, backups or"
                                    + " streams. It serves "
                                    + String.join(", ", new java.util.TreeSet<>(DYNAMODB_OPERATIONS)) + "."));
        }
        Route checked = verify(request, query, smallBody, service, operation);
        return checked != null ? checked : new Forward(service, operation, upstream, target);
    }

    private Route verify(HttpHead request, String query, byte[] smallBody, AwsService service, String operation) {
        if (verifier == null) return null;
        Optional<RequestSigner.Failure> failure = verifier.check(request, query, smallBody);
        return failure.map(f -> (Route) new Refuse(
                        service.id,
                        operation,
                        AwsErrors.of(protocolOf(request, service), service, 403, f.code(service), f.message())))
                .orElse(null);
    }

    private static AwsProtocol protocolOf(HttpHead request, AwsService service) {
        AwsProtocol p = AwsProtocol.of(request);
        return service == AwsService.S3 ? AwsProtocol.REST_XML : p == AwsProtocol.REST_XML ? service.protocol : p;
    }

    private static Refuse notServed(HttpHead request, String serviceName, String operation) {
        String what = serviceName + (operation == null ? "" : " (operation " + operation + ")");
        String message = "The Gristmill local stack serves S3, SQS and DynamoDB only; " + what
                + " is not served here. Send it to AWS or LocalStack instead (for example with that tool's own"
                + " --endpoint-url).";
        AwsProtocol protocol = AwsProtocol.of(request, serviceName);
        String code = switch (protocol) {
            case REST_XML -> "NotImplemented";
            case QUERY -> "InvalidAction";
            default -> "UnknownOperationException";
        };
        return new Refuse(serviceName, operation, AwsErrors.of(protocol, null, 501, code, message));
    }

    /**
     * The error for an operation a backend does not implement (S3Proxy answers 501 without naming it): the
     * edge names the operation and the service.
     */
    static AwsErrors.Response notImplemented(HttpHead request, AwsService service, String operation, String backend) {
        String message = service.title + " operation " + operation + " is not served by the local stack's " + backend
                + (service == AwsService.S3 && operation != null && operation.contains("Notification")
                        ? ". The stack delivers its bucket's event notifications itself, as template.yaml configures"
                                + " them."
                        : ".");
        AwsProtocol protocol = service == AwsService.S3 ? AwsProtocol.REST_XML : AwsProtocol.of(request, service.id);
        return AwsErrors.of(protocol, service, 501, "NotImplemented", message);
    }

    /** Closes the idle connections to the backends. */
    void close() {
        upstreams.values().forEach(Upstream::closeIdle);
    }

    /**
     * The error a request gets when its backend cannot be reached (or the stack is starting: service null),
     * in its protocol's shape.
     */
    static AwsErrors.Response unavailable(HttpHead request, AwsService service, String detail) {
        AwsProtocol asked = AwsProtocol.of(request);
        AwsProtocol protocol = service == null
                ? asked
                : service == AwsService.S3
                        ? AwsProtocol.REST_XML
                        : asked == AwsProtocol.QUERY ? asked : AwsProtocol.JSON;
        return AwsErrors.of(protocol, service, 503, "ServiceUnavailable", detail);
    }
}
