package io.gristmill.protocol;

import io.gristmill.aws.Attempt;
import io.gristmill.aws.JobItem;
import io.gristmill.aws.JobStatus;
import io.gristmill.aws.TaskItem;
import io.gristmill.aws.Times;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.json.Json;
import io.gristmill.engine.task.Counters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code _JOB.json}: what a job did, written next to its output. Counters are summed over the
 * committed attempt of each task only, so re-executed and backup attempts never count twice.
 */
public final class JobSummary {
    private JobSummary() {}

    public static Map<String, Object> build(JobItem job, JobSpec spec, String bucket, List<TaskItem> maps,
            List<TaskItem> reduces, JobStatus status, String error, long finishedAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", job.jobId());
        m.put("name", job.name());
        m.put("status", status.name());
        if (error != null) m.put("error", error);
        m.put("trigger", job.trigger());
        m.put("output", "s3://" + bucket + "/" + spec.output());
        m.put("created", Times.iso(job.createdAt()));
        if (job.mapsEndedAt() != null) m.put("mapsFinished", Times.iso(job.mapsEndedAt()));
        m.put("finished", Times.iso(finishedAt));
        m.put("seconds", (finishedAt - job.createdAt()) / 1000.0);
        m.put("maps", Math.max(job.maps(), 0));
        m.put("reducers", spec.reducers());
        Map<String, Long> counters = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        int attempts = 0;
        List<Object> tasks = new ArrayList<>();
        for (List<TaskItem> items : List.of(maps, reduces)) {
            for (TaskItem t : items) {
                attempts += t.attempts().size();
                if (t.done()) {
                    Counters.addTo(counters, t.counters());
                    for (String s : t.skipped()) skipped.add(t.task() + " " + s);
                }
                tasks.add(task(t));
            }
        }
        m.put("attempts", attempts);
        m.put("counters", counters);
        if (!skipped.isEmpty()) m.put("skipped", skipped);
        m.put("spec", spec.toMap());
        m.put("tasks", tasks);
        return m;
    }

    public static String toJson(Map<String, Object> summary) {
        return Json.writePretty(summary);
    }

    private static Map<String, Object> task(TaskItem t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", t.task().toString());
        if (t.input() != null) m.put("input", t.input());
        m.put("status", t.done() ? "DONE" : "RUNNING");
        if (t.committed() != null) m.put("committed", t.committed());
        if (t.lastError() != null) m.put("lastError", t.lastError());
        List<Object> attempts = new ArrayList<>();
        for (Attempt a : t.attempts()) {
            Map<String, Object> am = a.toMap();
            // An attempt with no outcome on a finished task never reported back: it crashed, timed
            // out, or (a straggler) was still running when the job finished.
            if (a.outcome() == null && t.done()) am.put("outcome", "lost");
            attempts.add(am);
        }
        m.put("attempts", attempts);
        return m;
    }
}
