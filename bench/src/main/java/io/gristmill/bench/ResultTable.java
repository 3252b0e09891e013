package io.gristmill.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Formats one case's runs: a row per system, then where Gristmill spent its time. */
final class ResultTable {
    private static final String ROW = "  %-17s %9s %15s %9s %6s %9s %8s %7s %9s %7s%n";

    private ResultTable() {}

    static String format(BenchCase c, List<RunResult> results, int runs) {
        Map<String, List<RunResult>> bySystem = new LinkedHashMap<>();
        for (String s : c.systems()) bySystem.put(s, new ArrayList<>());
        for (RunResult r : results) bySystem.get(r.system()).add(r);
        double mb = c.bytes() / (1024.0 * 1024.0);

        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "%s  (%.1f MB, %d run%s each; outputs equal: %s)%n",
                c.title(),
                mb,
                runs,
                runs == 1 ? "" : "s",
                results.isEmpty() ? "-" : results.get(0).outputIdentity()));
        sb.append(String.format(
                ROW, "system", "wall", "min-max", "CPU", "cores", "peak RSS", "MB/s", "×java2", "set-up", "others"));
        List<RunResult> java2 = bySystem.get("java2");
        long base = java2 == null || java2.isEmpty() ? 0 : Stats.median(java2, RunResult::wallMillis);
        for (var e : bySystem.entrySet()) {
            List<RunResult> rs = e.getValue();
            if (rs.isEmpty()) continue;
            long wall = Stats.median(rs, RunResult::wallMillis);
            long cpu = Stats.median(rs, r -> r.number("cpuMillis"));
            sb.append(String.format(
                    ROW,
                    e.getKey(),
                    seconds(wall),
                    range(Stats.min(rs, RunResult::wallMillis), Stats.max(rs, RunResult::wallMillis)),
                    seconds(cpu),
                    String.format("%.2f", wall == 0 ? 0 : (double) cpu / wall),
                    String.format("%d MB", Stats.max(rs, r -> r.number("peakRssKb")) / 1024),
                    String.format("%.1f", wall == 0 ? 0 : mb / (wall / 1000.0)),
                    base == 0 ? "-" : String.format("%.2f", (double) wall / base),
                    setUp(rs),
                    others(rs)));
        }
        for (String system : List.of("gristmill", "gristmill-process", "gristmill-256mb")) {
            List<RunResult> gm = bySystem.get(system);
            if (gm != null && !gm.isEmpty()) sb.append(gristmillDetails(system, gm));
        }
        return sb.toString();
    }

    private static String setUp(List<RunResult> rs) {
        long s = Stats.median(rs, r -> r.number("setupMillis"));
        return s < 50 ? "-" : seconds(s);
    }

    /** Cores that other processes kept busy during the runs (median): high values mean noisy figures. */
    private static String others(List<RunResult> rs) {
        long others = Stats.median(rs, r -> r.number("othersCpuMillis"));
        long wall = Stats.median(rs, RunResult::wallMillis);
        return wall == 0 ? "-" : String.format("%.2f", (double) others / wall);
    }

    /** Medians over the runs of the job's phases (its own timestamps) and tasks (its _JOB.json). */
    private static String gristmillDetails(String system, List<RunResult> rs) {
        long maps = Stats.median(rs, r -> r.number("gm.maps"));
        long mapPhase = Stats.median(rs, r -> r.number("gm.mapPhaseMillis"));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "  " + system + ": job %s = plan+map %s + reduce+publish %s; before it, trigger %s;"
                        + " after it, the client saw it %s later%n",
                seconds(Stats.median(rs, r -> r.number("gm.jobMillis"))),
                seconds(mapPhase),
                seconds(Stats.median(rs, r -> r.number("gm.reducePhaseMillis"))),
                seconds(Stats.median(rs, r -> r.number("gm.triggerMillis"))),
                seconds(Stats.median(rs, r -> r.number("gm.observeMillis")))));
        sb.append(String.format(
                "             %d map + %d reduce tasks, %d attempts (max over runs %d); map task %s median"
                        + " (sum %s), reduce task %s median (sum %s); %s of map phase per map task%n",
                maps,
                Stats.median(rs, r -> r.number("gm.reduces")),
                Stats.median(rs, r -> r.number("gm.attempts")),
                Stats.max(rs, r -> r.number("gm.attempts")),
                seconds(Stats.median(rs, r -> r.number("gm.mapTaskMedianMillis"))),
                seconds(Stats.median(rs, r -> r.number("gm.mapTaskSumMillis"))),
                seconds(Stats.median(rs, r -> r.number("gm.reduceTaskMedianMillis"))),
                seconds(Stats.median(rs, r -> r.number("gm.reduceTaskSumMillis"))),
                maps == 0 ? "-" : String.format("%.1f ms", (double) mapPhase / maps)));
        sb.append(String.format(
                "             set-up: local cloud start %s, input upload %s; shuffled %.1f MB%n",
                seconds(Stats.median(rs, r -> r.number("gm.cloudStartMillis"))),
                seconds(Stats.median(rs, r -> r.number("gm.uploadMillis"))),
                Stats.median(rs, r -> r.number("gm.shuffleBytes")) / (1024.0 * 1024.0)));
        if (rs.get(0).number("gm.coldStarts") > 0) {
            sb.append(String.format(
                    "             instances: %d cold starts, init %d ms median%n",
                    Stats.median(rs, r -> r.number("gm.coldStarts")),
                    Stats.median(rs, r -> r.number("gm.initMedianMillis"))));
        }
        if (rs.get(0).number("gm.req.S3.GetObject") > 0) sb.append(requests(rs));
        return sb.toString();
    }

    /** The job's AWS requests (median over runs) and what the job would cost on AWS at list prices. */
    private static String requests(List<RunResult> rs) {
        long get = req(rs, "S3.GetObject") + req(rs, "S3.HeadObject");
        long put = req(rs, "S3.PutObject")
                + req(rs, "S3.CopyObject")
                + req(rs, "S3.ListObjectsV2")
                + req(rs, "S3.CreateMultipartUpload")
                + req(rs, "S3.UploadPart")
                + req(rs, "S3.CompleteMultipartUpload");
        long writes = req(rs, "DynamoDb.UpdateItem") + req(rs, "DynamoDb.PutItem");
        long reads = req(rs, "DynamoDb.GetItem") + req(rs, "DynamoDb.Query");
        long sends = req(rs, "Sqs.SendMessageBatch") + req(rs, "Sqs.SendMessage");
        long sqsOther =
                req(rs, "Sqs.ChangeMessageVisibility") + req(rs, "Sqs.DeleteMessageBatch") + req(rs, "Sqs.GetQueueUrl");
        long polls = req(rs, "Sqs.ReceiveMessage");
        long gbMillis = Stats.median(rs, r -> r.number("gm.mapGbMillis") + r.number("gm.reduceGbMillis"));
        long invocations = Stats.median(rs, r -> r.number("gm.attempts")) + 1;
        double lambda = gbMillis / 1000.0 * Prices.LAMBDA_GB_SECOND + invocations * Prices.LAMBDA_REQUEST;
        double s3 = get * Prices.S3_READ + put * Prices.S3_WRITE;
        // A table write of a task item is 1-3 KB; counting 2 units each is a fair middle.
        double dynamo = writes * 2 * Prices.DYNAMODB_WRITE + reads * Prices.DYNAMODB_READ;
        double sqs = (sends + sqsOther + polls) * Prices.SQS_REQUEST;
        return String.format(
                "             requests: S3 %d GET, %d PUT/COPY/LIST; DynamoDB %d writes, %d reads; SQS %d sends,"
                        + " %d other, %d polls%n"
                        + "             on AWS (list prices of %s): %.1f GB-s of Lambda $%.5f + S3 $%.5f + DynamoDB $%.5f"
                        + " + SQS $%.5f = $%.5f%n",
                get,
                put,
                writes,
                reads,
                sends,
                sqsOther,
                polls,
                Prices.DATE,
                gbMillis / 1000.0,
                lambda,
                s3,
                dynamo,
                sqs,
                lambda + s3 + dynamo + sqs);
    }

    private static long req(List<RunResult> rs, String name) {
        return Stats.median(rs, r -> r.number("gm.req." + name));
    }

    private static String range(long min, long max) {
        return seconds(min).replace(" s", "") + "-" + seconds(max);
    }

    static String seconds(long millis) {
        if (millis < 10_000) return String.format("%.2f s", millis / 1000.0);
        return String.format("%.1f s", millis / 1000.0);
    }
}
