package io.gristmill.api;

/**
 * Chooses the reduce task (0 to R-1) that receives a key. The default is {@link HashPartitioner}.
 * Must be deterministic: every map task must send a key to the same reducer.
 */
public interface Partitioner extends JobFunction {

    int partition(String key, int reducers);
}
