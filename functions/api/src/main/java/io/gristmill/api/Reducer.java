package io.gristmill.api;

/**
 * The reduce function: called once per intermediate key, in key order, with all of its values.
 *
 * <p>The values can be iterated once; they stream from the merged map outputs, so a key may have
 * more values than fit in memory. A new instance serves each reduce task; it must have a public
 * no-argument constructor and should be deterministic.
 */
public interface Reducer extends JobFunction {

    void reduce(String key, Iterable<String> values, Emitter output) throws Exception;

    /** Called once after the last key; may emit more pairs. */
    default void cleanup(Emitter output) throws Exception {}
}
