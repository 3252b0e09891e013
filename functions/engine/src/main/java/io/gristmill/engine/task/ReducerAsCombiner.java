package io.gristmill.engine.task;

import io.gristmill.api.Combiner;
import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;
import io.gristmill.api.TaskContext;

/**
 * A reducer named as a job's combiner. Keys and values are strings on both sides, so a reducer that
 * is associative and commutative (a sum, a max, a distinct set) combines by reducing.
 */
final class ReducerAsCombiner implements Combiner {
    private final Reducer reducer;

    ReducerAsCombiner(Reducer reducer) {
        this.reducer = reducer;
    }

    @Override
    public void setup(TaskContext context) throws Exception {
        reducer.setup(context);
    }

    @Override
    public void combine(String key, Iterable<String> values, Emitter output) throws Exception {
        reducer.reduce(key, values, output);
    }
}
