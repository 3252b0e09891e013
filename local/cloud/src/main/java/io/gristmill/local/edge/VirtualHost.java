package io.gristmill.local.edge;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a Host header says about S3 addressing. {@code BUCKET.localhost:4566}, {@code BUCKET.s3.localhost},
 * {@code BUCKET.s3.us-east-1.localhost} and LocalStack's {@code BUCKET.s3.localhost.localstack.cloud} name a
 * bucket (virtual-hosted style); {@code s3.localhost} and an address ({@code 127.0.0.1:4566},
 * {@code localhost:4566}) leave it to the path (path style).
 *
 * @param bucket the bucket the host names, or null
 * @param s3 whether the host is an S3 host name at all (so the request is for S3 even unsigned)
 */
record VirtualHost(String bucket, boolean s3) {
    private static final List<String> SUFFIXES = List.of(".localhost.localstack.cloud", ".localhost");

    static VirtualHost of(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) return new VirtualHost(null, false);
        String host = hostHeader.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) return new VirtualHost(null, false); // an IPv6 address
        int colon = host.lastIndexOf(':');
        if (colon >= 0) host = host.substring(0, colon);
        String labels = null;
        for (String suffix : SUFFIXES) {
            if (host.endsWith(suffix)) {
                labels = host.substring(0, host.length() - suffix.length());
                break;
            }
        }
        if (labels == null || labels.isEmpty()) return new VirtualHost(null, false);
        List<String> parts = Arrays.asList(labels.split("\\."));
        int s3 = parts.indexOf("s3");
        if (s3 == 0) return new VirtualHost(null, true); // s3.localhost, s3.us-east-1.localhost
        if (s3 > 0) return new VirtualHost(String.join(".", parts.subList(0, s3)), true);
        if (parts.get(0).equals("sqs") || parts.get(0).equals("dynamodb")) return new VirtualHost(null, false);
        return new VirtualHost(labels, true); // BUCKET.localhost
    }
}
