package io.gristmill.local.edge;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, as the edge checks it when a stack has credentials of its own (by default any
 * key is accepted, as on LocalStack). It checks the access key and the signature of the request's method,
 * path, query, signed headers and payload hash, in an Authorization header or a presigned URL. For S3 the
 * payload hash is the one the client declared in {@code x-amz-content-sha256}; the signatures of an
 * aws-chunked body's chunks are not checked.
 */
final class RequestSigner {
    private RequestSigner() {}

    /** Why a request is refused: the code depends on the service's protocol. */
    record Failure(String kind, String message) {
        String code(AwsService service) {
            return switch (kind) {
                case "key" -> service == AwsService.S3 ? "InvalidAccessKeyId" : "UnrecognizedClientException";
                case "missing" -> service == AwsService.S3 ? "AccessDenied" : "MissingAuthenticationTokenException";
                default -> service == AwsService.S3 ? "SignatureDoesNotMatch" : "InvalidSignatureException";
            };
        }
    }

    /** Checks requests against one access key and its secret. */
    static final class Verifier {
        private final String accessKey;
        private final String secretKey;

        Verifier(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
        }

        /**
         * @param body the request's body when the edge read it (small bodies), or null; needed for services
         *     that sign the payload's hash without sending it in a header
         */
        Optional<Failure> check(HttpHead request, String query, byte[] body) {
            Map<String, String> params = QueryString.parse(query);
            String auth = request.header("Authorization");
            String credential;
            String signedHeaders;
            String signature;
            String amzDate;
            String payloadHash;
            boolean presigned = params.containsKey("X-Amz-Signature");
            if (auth != null && auth.startsWith("AWS4-HMAC-SHA256 ")) {
                Map<String, String> fields = fields(auth.substring("AWS4-HMAC-SHA256 ".length()));
                credential = fields.get("Credential");
                signedHeaders = fields.get("SignedHeaders");
                signature = fields.get("Signature");
                amzDate = request.header("X-Amz-Date") != null ? request.header("X-Amz-Date") : request.header("Date");
                payloadHash = request.header("x-amz-content-sha256");
                if (payloadHash == null) payloadHash = body == null ? null : hex(sha256(body));
            } else if (presigned) {
                credential = params.get("X-Amz-Credential");
                signedHeaders = params.get("X-Amz-SignedHeaders");
                signature = params.get("X-Amz-Signature");
                amzDate = params.get("X-Amz-Date");
                payloadHash = "UNSIGNED-PAYLOAD";
            } else {
                return Optional.of(new Failure(
                        "missing",
                        "this stack accepts only requests signed (AWS Signature Version 4) with its access key "
                                + accessKey + "; configure that key and its secret in your client"));
            }
            if (credential == null || signedHeaders == null || signature == null || amzDate == null) {
                return Optional.of(new Failure("signature", "the request's signature is incomplete"));
            }
            Optional<CredentialScope> scope = CredentialScope.parse(credential);
            if (scope.isEmpty()) return Optional.of(new Failure("signature", "malformed credential " + credential));
            if (!scope.get().accessKey().equals(accessKey)) {
                return Optional.of(new Failure(
                        "key",
                        "the access key " + scope.get().accessKey() + " is not this stack's; use " + accessKey
                                + " (grist up printed it)"));
            }
            if (payloadHash == null) {
                return Optional.of(new Failure("signature", "the request's payload is too large to check its hash"));
            }
            String canonical = canonicalRequest(request, params, signedHeaders, payloadHash, presigned);
            String scopeText = credential.substring(credential.indexOf('/') + 1);
            String stringToSign =
                    "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scopeText + "\n" + hex(sha256(utf8(canonical)));
            CredentialScope s = scope.get();
            byte[] key = hmac(utf8("AWS4" + secretKey), s.date());
            key = hmac(key, s.region());
            key = hmac(key, s.service());
            key = hmac(key, "aws4_request");
            String expected = hex(hmac(key, stringToSign));
            if (!MessageDigest.isEqual(utf8(expected), utf8(signature.strip()))) {
                return Optional.of(new Failure(
                        "signature",
                        "the request signature we calculated does not match the signature you provided; check the"
                                + " secret key of " + accessKey));
            }
            return Optional.empty();
        }
    }

    static String canonicalRequest(
            HttpHead request, Map<String, String> params, String signedHeaders, String payloadHash, boolean presigned) {
        String target = request.target();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        String rawQuery = q < 0 ? "" : target.substring(q + 1);
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = QueryString.decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : QueryString.decode(pair.substring(eq + 1));
            if (presigned && name.equals("X-Amz-Signature")) continue;
            sorted.computeIfAbsent(encode(name), k -> new ArrayList<>()).add(encode(value));
        }
        List<String> query = new ArrayList<>();
        sorted.forEach((name, values) -> values.stream().sorted().forEach(v -> query.add(name + "=" + v)));
        StringBuilder headers = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = new ArrayList<>();
            for (HttpHead.Header h : request.headers()) {
                if (h.name().equalsIgnoreCase(name))
                    values.add(h.value().strip().replaceAll("\\s+", " "));
            }
            headers.append(name.toLowerCase(Locale.ROOT))
                    .append(':')
                    .append(String.join(",", values))
                    .append('\n');
        }
        return request.method() + "\n" + (path.isEmpty() ? "/" : path) + "\n" + String.join("&", query) + "\n" + headers
                + "\n" + signedHeaders + "\n" + payloadHash;
    }

    /** RFC 3986 percent-encoding, as SigV4 wants it (unreserved characters kept, the rest %XX). */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    private static Map<String, String> fields(String s) {
        Map<String, String> out = new TreeMap<>();
        for (String part : s.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0)
                out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(utf8(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
