package com.example;

import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;

/** Adds up the counts of a key. Addition is associative, so naming it as the combiner too just works. */
public class Count implements Reducer {
    @Override
    public void reduce(String key, Iterable<String> values, Emitter output) {
        long total = 0;
        for (String v : values) total += Long.parseLong(v);
        output.emit(key, Long.toString(total));
    }
}
