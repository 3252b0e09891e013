package io.gristmill.bench.child.java;

import java.io.BufferedWriter;
import java.io.IOException;

/**
 * A workload written the straightforward way in plain Java: each thread folds its lines into its own
 * state, then the states are merged and written out.
 */
interface LocalJob<S> {
    S newState();

    void line(S state, String source, String line);

    /** Called in the thread that built the state, before merging (e.g. to sort a share). */
    default void finish(S state) {}

    S merge(S a, S b);

    void write(S state, BufferedWriter out) throws IOException;
}
