package io.gristmill.api;

/**
 * What every function of a job shares: a {@code setup} called once per task before any data, where
 * parameters are read. One class may play several roles (a reducer that is also the combiner) and
 * still has one setup.
 */
public interface JobFunction {

    /**
     * Called once before the first record. Read parameters and prepare state here; throw
     * {@link IllegalArgumentException} with a message for the user when a parameter is wrong. Must
     * not have side effects: Gristmill also calls it when it checks a job before running it.
     */
    default void setup(TaskContext context) throws Exception {}
}
