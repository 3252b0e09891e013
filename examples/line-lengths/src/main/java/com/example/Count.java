package com.example;

import io.gristmill.api.Combiner;
import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;

/** Adds up the counts of a key; addition is associative, so it serves as the combiner too. */
public class Count implements Reducer, Combiner {
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
