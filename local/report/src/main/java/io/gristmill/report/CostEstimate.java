package io.gristmill.report;

import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.TaskKind;
import io.gristmill.report.Runs.Run;
import java.util.List;

/**
 * What a job would cost on AWS, estimated from its tasks and attempts: Lambda time is the attempts'
 * own (at the task functions' memory), and the requests follow the protocol's request model, whose
 * counts per task {@code CostModelTest} measures (docs/deploy.md, "What a job costs"). Prices are the
 * list prices of that page, in us-east-1. An estimate: the bill is the authority.
 */
record CostEstimate(
        double lambdaGbSeconds,
        long invocations,
        long s3Reads,
        long s3Writes,
        long tableWrites,
        long tableReads,
        long sqsRequests) {

    /** us-east-1 list prices gathered on {@link #PRICES_DATE}, as docs/deploy.md lists them with sources. */
    static final String PRICES_DATE = "2026-11-25";

    static final double LAMBDA_GB_SECOND = 0.0000133334;
    static final double LAMBDA_REQUEST = 0.20 / 1_000_000;
    static final double S3_WRITE = 0.005 / 1000;
    static final double S3_READ = 0.0004 / 1000;
    static final double SQS_REQUEST = 0.40 / 1_000_000;
    static final double DYNAMODB_WRITE_UNIT = 0.625 / 1_000_000;
    static final double DYNAMODB_READ_UNIT = 0.125 / 1_000_000;
    /** A task item's write is 1 to 3 KB: two write units each is a fair middle (as the benchmark counts). */
    static final int UNITS_PER_WRITE = 2;

    static CostEstimate of(JobSummary job, List<Run> runs, int mapMemoryMb, int reduceMemoryMb) {
        long maps = Math.max(job.maps(), 0);
        long reducers = Math.max(job.reducers(), 0);
        double gbSeconds = 0;
        long mapAttempts = 0;
        long otherAttempts = 0;
        for (Run r : runs) {
            boolean map = r.task().task().kind() == TaskKind.MAP;
            if (map) mapAttempts++;
            else otherAttempts++;
            gbSeconds += r.millis() / 1000.0 * (map ? mapMemoryMb : reduceMemoryMb) / 1024.0;
        }
        long attempts = mapAttempts + otherAttempts;
        long tasks = job.tasks().size();
        // Per attempt: a map reads its split and a reduce each map's output; each writes its output.
        long s3Reads = mapAttempts + otherAttempts * maps + 2;
        // Outputs, the plan, _JOB.json and _SUCCESS; a copy of each part on publication; a few lists.
        long s3Writes = attempts + 3 + reducers + 2;
        // An attempt's start and end, a task's place in its phase, the job's own items.
        long tableWrites = 2 * attempts + tasks + 6;
        long tableReads = attempts + 7;
        // Sends in tens, and per attempt the Lambda poller's receive and delete and the lease's renewal.
        long sqs = (maps + 9) / 10 + (reducers + 9) / 10 + 3 * attempts + 10;
        return new CostEstimate(gbSeconds, attempts + 1, s3Reads, s3Writes, tableWrites, tableReads, sqs);
    }

    double lambdaDollars() {
        return lambdaGbSeconds * LAMBDA_GB_SECOND + invocations * LAMBDA_REQUEST;
    }

    double s3Dollars() {
        return s3Reads * S3_READ + s3Writes * S3_WRITE;
    }

    double tableDollars() {
        return tableWrites * UNITS_PER_WRITE * DYNAMODB_WRITE_UNIT + tableReads * DYNAMODB_READ_UNIT;
    }

    double sqsDollars() {
        return sqsRequests * SQS_REQUEST;
    }

    double totalDollars() {
        return lambdaDollars() + s3Dollars() + tableDollars() + sqsDollars();
    }
}
