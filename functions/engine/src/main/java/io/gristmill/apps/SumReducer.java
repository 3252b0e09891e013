package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;

/** Sums a key's values as whole numbers. Addition is associative, so wordcount names it as its combiner too. */
public final class SumReducer implements Reducer {
    @Override
    public void reduce(String key, Iterable<String> values, Emitter output) {
        long total = 0;
        for (String v : values) total += Long.parseLong(v);
        output.emit(key, Long.toString(total));
    }
}
