package io.gristmill.local.edge;

import java.util.Map;
import java.util.Set;

/**
 * The name of the S3 operation a REST request is (PutObject, ListObjectsV2, PutBucketNotificationConfiguration...),
 * from its method, whether it names a bucket and a key, and its sub-resource, for the edge's log and its errors.
 */
final class S3Operations {
    /** Sub-resources that make a bucket request Get/Put/Delete + this name. */
    private static final Map<String, String> BUCKET_SUBRESOURCES = Map.ofEntries(
            Map.entry("notification", "BucketNotificationConfiguration"),
            Map.entry("lifecycle", "BucketLifecycleConfiguration"),
            Map.entry("encryption", "BucketEncryption"),
            Map.entry("policy", "BucketPolicy"),
            Map.entry("policyStatus", "BucketPolicyStatus"),
            Map.entry("acl", "BucketAcl"),
            Map.entry("versioning", "BucketVersioning"),
            Map.entry("tagging", "BucketTagging"),
            Map.entry("cors", "BucketCors"),
            Map.entry("website", "BucketWebsite"),
            Map.entry("logging", "BucketLogging"),
            Map.entry("replication", "BucketReplication"),
            Map.entry("ownershipControls", "BucketOwnershipControls"),
            Map.entry("publicAccessBlock", "PublicAccessBlock"),
            Map.entry("accelerate", "BucketAccelerateConfiguration"),
            Map.entry("requestPayment", "BucketRequestPayment"),
            Map.entry("object-lock", "ObjectLockConfiguration"),
            Map.entry("analytics", "BucketAnalyticsConfiguration"),
            Map.entry("inventory", "BucketInventoryConfiguration"),
            Map.entry("metrics", "BucketMetricsConfiguration"),
            Map.entry("intelligent-tiering", "BucketIntelligentTieringConfiguration"),
            Map.entry("location", "BucketLocation"));

    private static final Map<String, String> OBJECT_SUBRESOURCES = Map.of(
            "acl", "ObjectAcl",
            "tagging", "ObjectTagging",
            "retention", "ObjectRetention",
            "legal-hold", "ObjectLegalHold",
            "attributes", "ObjectAttributes",
            "torrent", "ObjectTorrent");

    private static final Set<String> VERBS = Set.of("GET", "PUT", "DELETE");

    private S3Operations() {}

    /**
     * @param path the path-style path, {@code /bucket/key} (decoded or not: only its slashes matter)
     * @param query the raw query string, or null
     * @param copySource whether the request has an {@code x-amz-copy-source} header
     */
    static String name(String method, String path, String query, boolean copySource) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        String bucket = slash < 0 ? p : p.substring(0, slash);
        String key = slash < 0 ? "" : p.substring(slash + 1);
        Set<String> params = QueryString.names(query);
        if (bucket.isEmpty()) return method.equals("GET") ? "ListBuckets" : method + " /";
        if (key.isEmpty()) return bucketOperation(method, params);
        return objectOperation(method, params, copySource);
    }

    private static String bucketOperation(String method, Set<String> params) {
        for (String sub : params) {
            String name = BUCKET_SUBRESOURCES.get(sub);
            if (name != null && VERBS.contains(method)) return verb(method) + name;
        }
        return switch (method) {
            case "GET" -> {
                if (params.contains("list-type")) yield "ListObjectsV2";
                if (params.contains("versions")) yield "ListObjectVersions";
                if (params.contains("uploads")) yield "ListMultipartUploads";
                yield "ListObjects";
            }
            case "PUT" -> "CreateBucket";
            case "DELETE" -> "DeleteBucket";
            case "HEAD" -> "HeadBucket";
            case "POST" -> params.contains("delete") ? "DeleteObjects" : "PostObject";
            default -> method + " bucket";
        };
    }

    private static String objectOperation(String method, Set<String> params, boolean copySource) {
        for (String sub : params) {
            String name = OBJECT_SUBRESOURCES.get(sub);
            if (name != null && VERBS.contains(method)) return verb(method) + name;
        }
        return switch (method) {
            case "GET" -> params.contains("uploadId") ? "ListParts" : "GetObject";
            case "HEAD" -> "HeadObject";
            case "PUT" -> {
                if (params.contains("partNumber") && params.contains("uploadId"))
                    yield copySource ? "UploadPartCopy" : "UploadPart";
                yield copySource ? "CopyObject" : "PutObject";
            }
            case "POST" -> {
                if (params.contains("uploads")) yield "CreateMultipartUpload";
                if (params.contains("uploadId")) yield "CompleteMultipartUpload";
                if (params.contains("restore")) yield "RestoreObject";
                if (params.contains("select")) yield "SelectObjectContent";
                yield "PostObject";
            }
            case "DELETE" -> params.contains("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
            default -> method + " object";
        };
    }

    private static String verb(String method) {
        return switch (method) {
            case "GET" -> "Get";
            case "PUT" -> "Put";
            default -> "Delete";
        };
    }
}
