package io.gristmill.bench;

/**
 * AWS list prices in us-east-1, gathered on 2026-11-25, for the benchmark's cost estimates; the same
 * figures, with their sources, are in docs/deploy.md ("Prices"). Estimates only: check the AWS pricing
 * pages before relying on them.
 */
public final class Prices {
    public static final String DATE = "2026-11-25";
    /** Lambda duration on arm64, per GB-second. */
    public static final double LAMBDA_GB_SECOND = 0.0000133334;

    public static final double LAMBDA_REQUEST = 0.20 / 1_000_000;
    /** S3 PUT, COPY, POST and LIST, per request. */
    public static final double S3_WRITE = 0.005 / 1000;
    /** S3 GET and HEAD, per request. */
    public static final double S3_READ = 0.0004 / 1000;
    /** SQS standard queue, per request (64 KB chunks; task messages are far smaller). */
    public static final double SQS_REQUEST = 0.40 / 1_000_000;
    /** DynamoDB on demand, per write request unit (1 KB) and read request unit (4 KB). */
    public static final double DYNAMODB_WRITE = 0.625 / 1_000_000;

    public static final double DYNAMODB_READ = 0.125 / 1_000_000;

    private Prices() {}
}
