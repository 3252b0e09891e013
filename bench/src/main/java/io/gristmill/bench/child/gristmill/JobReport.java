package io.gristmill.bench.child.gristmill;

import io.gristmill.protocol.state.JobRecord;
import io.gristmill.bench.child.ResultLine;
import io.gristmill.engine.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a Gristmill job spent its time, from its table item (millisecond timestamps set by the
 * functions) and its _JOB.json (every task's attempts), next to what the client saw.
 */
final class JobReport {
    private JobReport() {}

    /**
     * @param submittedAt when the client uploaded the manifest
     * @param observedAt when the client saw the job SUCCEEDED
     */
    @SuppressWarnings("unchecked")
    static void addTo(ResultLine result, JobRecord job, String jobJson, long submittedAt, long observedAt,
            int mapMemoryMb, int reduceMemoryMb) throws Json.JsonException {
        long finished = job.finishedAt();
        long mapsEnded = job.mapsEndedAt() != null ? job.mapsEndedAt() : finished;
        result.put("gm.triggerMillis", job.createdAt() - submittedAt)      // S3 event -> SQS -> coordinator
                .put("gm.jobMillis", finished - job.createdAt())          // the job's own time, as _JOB.json says
                .put("gm.mapPhaseMillis", mapsEnded - job.createdAt())    // planning and every map task
                .put("gm.reducePhaseMillis", finished - mapsEnded)        // every reduce task and the publication
                .put("gm.observeMillis", observedAt - finished);          // until the client's poll saw it

        Map<String, Object> summary = Json.parseObject(jobJson);
        result.put("gm.maps", ((Number) summary.get("maps")).longValue())
                .put("gm.reduces", ((Number) summary.get("reducers")).longValue())
                .put("gm.attempts", ((Number) summary.get("attempts")).longValue());
        List<Long> mapTasks = new ArrayList<>();
        List<Long> reduceTasks = new ArrayList<>();
        for (Object t : (List<Object>) summary.get("tasks")) {
            Map<String, Object> task = (Map<String, Object>) t;
            List<Long> into = ((String) task.get("task")).startsWith("m") ? mapTasks : reduceTasks;
            for (Object a : (List<Object>) task.get("attempts")) {
                Map<String, Object> attempt = (Map<String, Object>) a;
                if (attempt.get("end") != null) {
                    into.add(Instant.parse((String) attempt.get("end")).toEpochMilli()
                            - Instant.parse((String) attempt.get("start")).toEpochMilli());
                }
            }
        }
        // What Lambda would bill for the attempts, at the template's memory sizes (attempts that
        // crashed have no end and are not counted; none crash in a benchmark).
        result.put("gm.mapGbMillis", Math.round(sum(mapTasks) * mapMemoryMb / 1024.0))
                .put("gm.reduceGbMillis", Math.round(sum(reduceTasks) * reduceMemoryMb / 1024.0));
        result.put("gm.mapTaskMedianMillis", median(mapTasks)).put("gm.mapTaskSumMillis", sum(mapTasks))
                .put("gm.reduceTaskMedianMillis", median(reduceTasks)).put("gm.reduceTaskSumMillis", sum(reduceTasks));
        Map<String, Object> counters = (Map<String, Object>) summary.get("counters");
        Object shuffled = counters == null ? null : counters.get("reduce.shuffle.bytes");
        if (shuffled instanceof Number n) result.put("gm.shuffleBytes", n.longValue());
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) return 0;
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static long sum(List<Long> values) {
        long s = 0;
        for (long v : values) s += v;
        return s;
    }
}
