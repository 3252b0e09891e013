package io.gristmill.apps;

import io.gristmill.api.Combiner;
import io.gristmill.api.Emitter;
import java.util.LinkedHashSet;
import java.util.Set;

/** Drops repeated values of a key: the same word seen in several splits of one object. */
public final class DistinctCombiner implements Combiner {
    @Override
    public void combine(String key, Iterable<String> values, Emitter output) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String v : values) distinct.add(v);
        for (String v : distinct) output.emit(key, v);
    }
}
