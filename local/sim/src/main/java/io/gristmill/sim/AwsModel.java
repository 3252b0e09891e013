package io.gristmill.sim;

/**
 * What the simulator assumes of AWS, in one place (docs/scale.md gives each figure's source): request
 * latencies and transfer rates, the services' rate limits, how Lambda scales an SQS event source and
 * how long a cold start takes. Times are milliseconds, rates bytes or requests per second.
 *
 * @param s3GetMillis time to first byte of a GET (and HEAD)
 * @param s3PutMillis a PUT's (or a part's, a completion's, a copy's) round trip, without its bytes
 * @param s3ListMillis a ListObjectsV2 page
 * @param connectionBytesPerSecond one connection's transfer rate to or from S3
 * @param instanceBytesPerSecond a function instance's network, however many connections it opens
 * @param copyBytesPerSecond S3's server-side copy rate (CopyObject, UploadPartCopy)
 * @param getsPerPrefix GET and HEAD requests a second an S3 prefix serves before 503 SlowDown
 * @param putsPerPrefix PUT, COPY, POST, DELETE and LIST requests a second per prefix
 * @param dynamoReadMillis a GetItem; a Query takes this per page
 * @param dynamoWriteMillis an UpdateItem or PutItem
 * @param itemWritesPerSecond write units a second one DynamoDB item (its partition) takes
 * @param itemReadsPerSecond read units a second per item
 * @param tableWritesPerSecond write units a second a new on-demand table takes
 * @param tableReadsPerSecond read units a second a new on-demand table takes
 * @param sqsMillis an SQS request
 * @param pollMillis from a message becoming visible to its invocation starting (the poller's latency)
 * @param s3EventMillis from an upload to its event notification arriving in the coordinator's queue
 * @param esmStart concurrent invocations an SQS event source starts with
 * @param esmRampPerMinute how many more it adds a minute while messages wait
 * @param esmMax the most one event source runs (standard mode)
 * @param coldStartMillis a new instance's initialisation (Java with SnapStart)
 * @param coldStartNoSnapStartMillis without SnapStart (TaskEphemeralStorage above 512 MB turns it off)
 * @param cpuFactor a Lambda vCPU's speed relative to the calibration machine's core
 */
record AwsModel(
        long s3GetMillis,
        long s3PutMillis,
        long s3ListMillis,
        double connectionBytesPerSecond,
        double instanceBytesPerSecond,
        double copyBytesPerSecond,
        double getsPerPrefix,
        double putsPerPrefix,
        long dynamoReadMillis,
        long dynamoWriteMillis,
        double itemWritesPerSecond,
        double itemReadsPerSecond,
        double tableWritesPerSecond,
        double tableReadsPerSecond,
        long sqsMillis,
        long pollMillis,
        long s3EventMillis,
        int esmStart,
        int esmRampPerMinute,
        int esmMax,
        long coldStartMillis,
        long coldStartNoSnapStartMillis,
        double cpuFactor) {

    /** us-east-1 as published and measured by others (sources in docs/scale.md). */
    static AwsModel aws() {
        return new AwsModel(
                60, // S3 first byte: "100-200 ms" (AWS, typical); 60-133 ms measured Lambda to S3 in-region
                90, 80, 75e6, // 400-700 Mbit/s measured per Lambda download
                90e6, 150e6, 5500, // per prefix (AWS S3 performance guidelines)
                3500, 6, // DynamoDB: single-digit milliseconds
                9, 1000, // per partition, so per item at most (DynamoDB developer guide)
                3000, 4000, // a new on-demand table's warm throughput
                12000, 15, 50, 1000, // "typically seconds" (S3 event notifications)
                5, // SQS event sources: 5 at first, +300 a minute, at most 1,000 (Lambda developer guide)
                300, 1000, 1400, // Java 21 SnapStart with priming, p50 (aws-facts.md section 8)
                3300, // Java 21 without SnapStart, 1 GB
                1.0);
    }

    /**
     * The local cloud on this machine (the emulators over loopback), from the mean time on the wire of
     * each operation as the functions' clients measured it, for comparing a job's phases with a local
     * run's: event sources at their full concurrency at once, instances in the JVM (no cold start).
     *
     * @param millis mean milliseconds per request by operation ({@code S3.GetObject}...)
     */
    static AwsModel local(java.util.Map<String, Double> millis, int concurrency) {
        long get = Math.round(millis.getOrDefault("S3.GetObject", 2.0));
        long put = Math.round(millis.getOrDefault("S3.PutObject", 5.0));
        long read = Math.round(millis.getOrDefault("DynamoDb.GetItem", 3.0));
        long write = Math.round(millis.getOrDefault("DynamoDb.UpdateItem", 4.0));
        long sqs = Math.round(millis.getOrDefault("Sqs.SendMessageBatch", 3.0));
        return new AwsModel(
                get,
                put,
                Math.round(millis.getOrDefault("S3.ListObjectsV2", 5.0)),
                1e9,
                2e9,
                1e9,
                1e9,
                1e9,
                read,
                write,
                1e9,
                1e9,
                1e9,
                1e9,
                sqs,
                1,
                1,
                concurrency,
                60 * concurrency,
                concurrency,
                0,
                0,
                1.0);
    }

    /** Bytes a second of {@code connections} transfers at once from one instance. */
    double bytesPerSecond(int connections) {
        return Math.min(instanceBytesPerSecond, connections * connectionBytesPerSecond);
    }

    /** Milliseconds to move {@code bytes} over {@code connections} connections of one instance. */
    long transferMillis(long bytes, int connections) {
        return (long) Math.ceil(bytes * 1000.0 / bytesPerSecond(Math.max(1, connections)));
    }
}
