package io.gristmill.bench.child.gristmill;

import io.gristmill.bench.child.ResultLine;
import io.gristmill.engine.task.Counters;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.JobRecord;
import io.gristmill.protocol.state.JobSummary;
import io.gristmill.protocol.state.TaskKind;
import java.util.ArrayList;
import java.util.List;

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
    static void addTo(
            ResultLine result,
            JobRecord job,
            String jobJson,
            long submittedAt,
            long observedAt,
            int mapMemoryMb,
            int reduceMemoryMb) {
        long finished = job.finishedAt();
        long mapsEnded = job.mapsEndedAt() != null ? job.mapsEndedAt() : finished;
        result.put("gm.triggerMillis", job.createdAt() - submittedAt) // S3 event -> SQS -> coordinator
                .put("gm.jobMillis", finished - job.createdAt()) // the job's own time, as _JOB.json says
                .put("gm.mapPhaseMillis", mapsEnded - job.createdAt()) // planning and every map task
                .put("gm.reducePhaseMillis", finished - mapsEnded) // every reduce task and the publication
                .put("gm.observeMillis", observedAt - finished); // until the client's poll saw it

        JobSummary summary = JobSummary.fromJson(jobJson);
        result.put("gm.maps", summary.maps())
                .put("gm.reduces", summary.reducers())
                .put("gm.attempts", summary.attempts());
        List<Long> mapTasks = new ArrayList<>();
        List<Long> reduceTasks = new ArrayList<>();
        for (JobSummary.TaskSummary task : summary.tasks()) {
            List<Long> into = task.task().kind() == TaskKind.MAP ? mapTasks : reduceTasks;
            for (Attempt attempt : task.attempts()) {
                if (attempt.end() != null) into.add(attempt.end() - attempt.start());
            }
        }
        // What Lambda would bill for the attempts, at the template's memory sizes (attempts that
        // crashed have no end and are not counted; none crash in a benchmark).
        result.put("gm.mapGbMillis", Math.round(sum(mapTasks) * mapMemoryMb / 1024.0))
                .put("gm.reduceGbMillis", Math.round(sum(reduceTasks) * reduceMemoryMb / 1024.0));
        result.put("gm.mapTaskMedianMillis", median(mapTasks))
                .put("gm.mapTaskSumMillis", sum(mapTasks))
                .put("gm.reduceTaskMedianMillis", median(reduceTasks))
                .put("gm.reduceTaskSumMillis", sum(reduceTasks));
        result.put("gm.shuffleBytes", summary.counter(Counters.REDUCE_SHUFFLE_BYTES));
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
