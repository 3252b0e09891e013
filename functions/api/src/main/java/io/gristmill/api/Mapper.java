package io.gristmill.api;

/**
 * The map function: called once per input line of a split, emits intermediate key/value pairs.
 *
 * <p>A new instance serves each map task. It must have a public no-argument constructor and should
 * be deterministic: a task may run more than once (after a crash, or as a backup of a straggler),
 * and only one run's output is kept.
 */
public interface Mapper extends JobFunction {

    void map(InputRecord record, Emitter output) throws Exception;

    /** Called once after the last record; may emit more pairs. */
    default void cleanup(Emitter output) throws Exception {}
}
