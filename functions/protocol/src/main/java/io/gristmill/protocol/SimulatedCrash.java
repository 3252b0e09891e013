package io.gristmill.protocol;

/**
 * A chaos crash where the process cannot simply die (several function instances share one JVM in
 * the local in-JVM runtime). An {@link Error}, so no {@code catch (Exception)} on the way up turns
 * it into an orderly failure: the attempt ends with no commit, no table update and no message
 * delete, as if its machine had gone.
 */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String where) {
        super("chaos: the attempt crashed at " + where);
    }
}
