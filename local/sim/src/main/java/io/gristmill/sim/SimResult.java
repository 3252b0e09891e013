package io.gristmill.sim;

import io.gristmill.engine.job.Sizes;
import io.gristmill.engine.json.Json;
import io.gristmill.protocol.state.JobSummary;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a simulation found: the job's outcome and times (overall and per phase), its tasks and
 * attempts, what it cost and why, every request by service and operation, and what was throttled.
 *
 * @param seconds from the manifest's upload to the job's end, as a user waits for it
 * @param phases seconds of each phase: planning, map, merge (two-level shuffle), reduce (and publish)
 * @param costs dollars by service: lambda, s3, dynamodb, sqs
 * @param summaryJson the job's {@code _JOB.json}
 */
public record SimResult(
        String status,
        String error,
        double seconds,
        Map<String, Double> phases,
        int maps,
        int merges,
        int reduces,
        int attempts,
        double costUsd,
        Map<String, Double> costs,
        Map<String, Long> requests,
        Map<String, Long> throttled,
        Map<String, Object> lambda,
        Map<String, Object> data,
        Map<String, Object> simulator,
        String summaryJson) {

    static SimResult of(
            SimOptions o,
            boolean ended,
            SimTable table,
            SimObjects objects,
            SimQueues queues,
            Requests requests,
            Lambda lambda,
            Lambda.Function[] functions,
            SimTasks tasks,
            VirtualTime time,
            Prices prices,
            double wallSeconds) {
        Map<String, Long> made = new TreeMap<>(requests.made());
        table.requests().forEach((k, v) -> made.merge(k, v, Long::sum));
        Map<String, Long> throttled = requests.throttled();
        long invocations = 0;
        double gbSeconds = 0;
        Map<String, Object> fns = new LinkedHashMap<>();
        for (Lambda.Function f : functions) {
            invocations += f.invocations();
            gbSeconds += f.gbSeconds();
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("invocations", f.invocations());
            fm.put("instances", f.instances());
            fm.put("coldStarts", f.coldStarts());
            fm.put("gbSeconds", round(f.gbSeconds()));
            fns.put(f.name, fm);
        }
        made.put("Lambda.Invoke", invocations);
        Map<String, Double> costs = new LinkedHashMap<>();
        costs.put("lambda", gbSeconds * prices.lambdaGbSecond() + invocations * prices.lambdaRequest());
        costs.put("s3", prices.s3(made, throttled));
        costs.put(
                "dynamodb",
                table.writeUnits() * prices.dynamoWriteUnit() + table.readUnits() * prices.dynamoReadUnit());
        costs.put("sqs", queues.billedChunks() * prices.sqsRequest());
        double total = costs.values().stream().mapToDouble(Double::doubleValue).sum();
        costs.replaceAll((k, v) -> round(v));

        Map<String, Long> ms = table.milestones();
        long end = ms.getOrDefault("finished", time.now());
        Map<String, Double> phases = new LinkedHashMap<>();
        phase(phases, "planning", Simulation.EPOCH, ms.get("mapping"));
        phase(phases, "map", ms.get("mapping"), ms.containsKey("merging") ? ms.get("merging") : ms.get("reducing"));
        phase(phases, "merge", ms.get("merging"), ms.get("reducing"));
        phase(phases, "reduce", ms.get("reducing"), ms.get("finished"));

        String summaryJson = objects.peek(Simulation.summaryKey())
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse(null);
        int maps = 0;
        int reduces = o.reducers();
        int attempts = 0;
        int merges = 0;
        if (summaryJson != null) {
            JobSummary s = JobSummary.fromJson(summaryJson);
            maps = s.maps();
            reduces = s.reducers();
            attempts = s.attempts();
            merges = s.spec().map(spec -> spec.mergeTasks(s.maps())).orElse(0);
        }
        Map<String, Object> lambdaFacts = new LinkedHashMap<>();
        lambdaFacts.put("concurrency", o.concurrency());
        lambdaFacts.put("peakConcurrency", lambda.peakConcurrency());
        lambdaFacts.put("killed", lambda.killed());
        lambdaFacts.put("straggledAttempts", tasks.straggled());
        lambdaFacts.put("gbSeconds", round(gbSeconds));
        lambdaFacts.put("functions", fns);
        long[] traffic = objects.traffic();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("input", o.inputBytes());
        data.put("s3Read", traffic[0]);
        data.put("s3Written", traffic[1]);
        data.put("dynamoWriteUnits", Math.round(table.writeUnits()));
        data.put("dynamoReadUnits", Math.round(table.readUnits()));
        Map<String, Object> sim = new LinkedHashMap<>();
        sim.put("wallSeconds", round(wallSeconds));
        sim.put("switches", time.resumes());
        sim.put("ended", ended);
        String status = !ended ? "UNFINISHED" : table.end().name();
        return new SimResult(
                status,
                table.error(),
                round((end - Simulation.EPOCH) / 1000.0),
                phases,
                maps,
                merges,
                reduces,
                attempts,
                round(total),
                costs,
                made,
                throttled,
                lambdaFacts,
                data,
                sim,
                summaryJson);
    }

    private static void phase(Map<String, Double> phases, String name, Long from, Long to) {
        if (from != null && to != null) phases.put(name, round((to - from) / 1000.0));
    }

    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    public long throttledTotal() {
        return throttled.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The one JSON object {@code grist simulate --json} prints. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        if (error != null) m.put("error", error);
        m.put("seconds", seconds);
        m.put("phases", phases);
        m.put("maps", maps);
        m.put("merges", merges);
        m.put("reduces", reduces);
        m.put("attempts", attempts);
        m.put("costUsd", costUsd);
        m.put("costs", costs);
        m.put("requests", requests);
        m.put("throttled", throttledTotal());
        m.put("throttledRequests", throttled);
        m.put("lambda", lambda);
        m.put("data", data);
        m.put("simulator", simulator);
        return Json.write(m);
    }

    /** For people. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "simulated job %s in %.1f s (%s)%n",
                status,
                seconds,
                phases.entrySet().stream()
                        .map(e -> e.getKey() + " " + String.format("%.1f s", e.getValue()))
                        .reduce((x, y) -> x + ", " + y)
                        .orElse("")));
        if (error != null) b.append("  error     ").append(error).append('\n');
        b.append(String.format(
                "  tasks     %d map, %d merge, %d reduce; %d attempts%n", maps, merges, reduces, attempts));
        b.append(String.format("  cost      $%.4f  %s%n", costUsd, costs));
        b.append(String.format(
                "  lambda    %s concurrent at most (of %s), %s GB-s, %s instances killed, %s attempts straggled%n",
                lambda.get("peakConcurrency"),
                lambda.get("concurrency"),
                lambda.get("gbSeconds"),
                lambda.get("killed"),
                lambda.get("straggledAttempts")));
        b.append(String.format(
                "  data      %s in, %s read from S3, %s written%n",
                Sizes.format((long) data.get("input")), Sizes.format((long) data.get("s3Read")), Sizes.format((long)
                        data.get("s3Written"))));
        b.append(String.format("  throttled %d requests %s%n", throttledTotal(), throttled));
        b.append("  requests  ");
        requests.forEach((k, v) -> b.append(k).append(' ').append(v).append("  "));
        b.append('\n');
        b.append(String.format(
                "  simulator %.1f s of this machine's time, %s switches%n",
                simulator.get("wallSeconds"), simulator.get("switches")));
        return b.toString();
    }
}
