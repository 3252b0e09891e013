package io.gristmill.bench.child;

/**
 * One system under test, inside its own JVM. Only {@link #run} is timed: what an engine needs before
 * a job (a Spark context, the local cloud and the uploaded input) is reported apart, as is fetching
 * the output afterwards.
 */
public interface SystemRunner extends AutoCloseable {
    /** Before the timed job. */
    default void setUp(ChildArgs args, ResultLine result) throws Exception {}

    /** The job proper: read the input, compute, write the output. */
    void run(ChildArgs args) throws Exception;

    /** After the timed job and the resource readings: put the output in args.output(), report details. */
    default void collect(ChildArgs args, ResultLine result) throws Exception {}

    @Override
    default void close() throws Exception {}
}
