package io.gristmill.local.edge;

import java.util.Optional;

/**
 * The credential scope of a SigV4-signed request ({@code AKID/20261202/us-east-1/s3/aws4_request}), from its
 * Authorization header or, for a presigned URL, its {@code X-Amz-Credential} parameter. Its service part
 * says which service the request is for, whatever the host: the edge routes by it, as LocalStack does.
 */
record CredentialScope(String accessKey, String date, String region, String service) {

    static Optional<CredentialScope> of(HttpHead request, String query) {
        String auth = request.header("Authorization");
        if (auth != null && auth.startsWith("AWS4-")) {
            int at = auth.indexOf("Credential=");
            if (at >= 0) {
                int end = auth.indexOf(',', at);
                return parse(auth.substring(at + "Credential=".length(), end < 0 ? auth.length() : end)
                        .strip());
            }
        }
        String presigned = QueryString.parse(query).get("X-Amz-Credential");
        return presigned == null ? Optional.empty() : parse(presigned);
    }

    /** Whether the request is signed with SigV2 ({@code AWS key:signature}), which only S3 still accepts. */
    static boolean sigV2(HttpHead request) {
        String auth = request.header("Authorization");
        return auth != null && auth.startsWith("AWS ") && auth.indexOf(':') > 4;
    }

    static Optional<CredentialScope> parse(String credential) {
        String[] parts = credential.split("/");
        if (parts.length != 5 || !parts[4].equals("aws4_request")) return Optional.empty();
        return Optional.of(new CredentialScope(parts[0], parts[1], parts[2], parts[3]));
    }
}
