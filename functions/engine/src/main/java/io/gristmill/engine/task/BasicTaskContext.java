package io.gristmill.engine.task;

import io.gristmill.api.Counter;
import io.gristmill.api.TaskContext;
import io.gristmill.engine.job.JobSpec;
import java.util.Map;

/** The {@link TaskContext} handed to user functions. */
public final class BasicTaskContext implements TaskContext {
    private final JobSpec spec;
    private final String taskId;
    private final Counters counters;

    public BasicTaskContext(JobSpec spec, String taskId, Counters counters) {
        this.spec = spec;
        this.taskId = taskId;
        this.counters = counters;
    }

    @Override
    public Map<String, String> parameters() {
        return spec.params();
    }

    @Override
    public int reducers() {
        return spec.reducers();
    }

    @Override
    public String jobId() {
        return spec.id();
    }

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public Counter counter(String name) {
        return counters.user(name);
    }
}
