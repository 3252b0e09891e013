package io.gristmill.api;

import java.util.Map;

/** What a task knows about its job: parameters, the reducer count and its own identity. */
public interface TaskContext {

    /** The job's parameters ({@code --param key=value} or {@code "params"} in a manifest). */
    Map<String, String> parameters();

    /** One parameter, or null when it is not set. */
    default String parameter(String name) {
        return parameters().get(name);
    }

    /** One parameter, or {@code fallback} when it is not set. */
    default String parameter(String name, String fallback) {
        String value = parameters().get(name);
        return value == null ? fallback : value;
    }

    /**
     * One parameter that must be set.
     *
     * @throws IllegalArgumentException naming the parameter when it is missing
     */
    default String requiredParameter(String name) {
        String value = parameters().get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing job parameter '" + name + "': pass --param " + name + "=VALUE"
                    + " (or \"params\": {\"" + name + "\": \"VALUE\"} in a manifest)");
        }
        return value;
    }

    /** The job's number of reduce tasks (R). */
    int reducers();

    /** The job's identifier. */
    String jobId();

    /** This task's identifier, e.g. {@code m-00003} or {@code r-00001}. */
    String taskId();

    /** A counter of this task attempt, created on first use; map and reduce can also count through their {@link Emitter}. */
    Counter counter(String name);
}
