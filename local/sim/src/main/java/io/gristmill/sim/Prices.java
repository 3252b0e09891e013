package io.gristmill.sim;

import java.util.Map;

/**
 * What a job is billed, in US dollars, us-east-1 (sources in docs/scale.md): Lambda's GB-seconds on
 * arm64 and its requests, S3's requests (PUT, COPY, POST, LIST at the higher rate; GET and HEAD at the
 * lower; refused 503s are not billed), DynamoDB on-demand capacity units, SQS requests per 64 KB.
 * Storage for the hours a job's intermediate data lives, and transfer within a region, cost next to
 * nothing and are left out.
 */
record Prices(
        double lambdaGbSecond,
        double lambdaRequest,
        double s3Put,
        double s3Get,
        double dynamoWriteUnit,
        double dynamoReadUnit,
        double sqsRequest) {

    static Prices usEast1() {
        return new Prices(0.0000133334, 0.20 / 1e6, 0.005 / 1000, 0.0004 / 1000, 0.625 / 1e6, 0.125 / 1e6, 0.40 / 1e6);
    }

    static boolean isPutClass(String operation) {
        return operation.startsWith("S3.")
                && !operation.equals("S3.GetObject")
                && !operation.equals("S3.HeadObject")
                && !operation.equals("S3.AbortMultipartUpload");
    }

    /** S3's bill for these requests, less the throttled ones. */
    double s3(Map<String, Long> made, Map<String, Long> throttled) {
        double sum = 0;
        for (var e : made.entrySet()) {
            if (!e.getKey().startsWith("S3.")) continue;
            long billed = e.getValue() - throttled.getOrDefault(e.getKey(), 0L);
            if (e.getKey().equals("S3.GetObject") || e.getKey().equals("S3.HeadObject")) sum += billed * s3Get;
            else if (isPutClass(e.getKey())) sum += billed * s3Put;
        }
        return sum;
    }
}
