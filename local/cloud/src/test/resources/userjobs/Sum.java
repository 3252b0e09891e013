package com.example.crash;

import io.gristmill.api.Combiner;
import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;

/** Adds up a key's counts. */
public class Sum implements Reducer, Combiner {
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
