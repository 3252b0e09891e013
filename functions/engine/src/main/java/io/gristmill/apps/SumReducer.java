package io.gristmill.apps;

import io.gristmill.api.Combiner;
import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;

/** Sums a key's values as whole numbers. Addition is associative, so it is also the combiner. */
public final class SumReducer implements Reducer, Combiner {
    @Override
    public void reduce(String key, Iterable<String> values, Emitter output) {
        output.emit(key, Long.toString(sum(values)));
    }

    @Override
    public void combine(String key, Iterable<String> values, Emitter output) {
        output.emit(key, Long.toString(sum(values)));
    }

    private static long sum(Iterable<String> values) {
        long total = 0;
        for (String v : values) total += Long.parseLong(v);
        return total;
    }
}
