package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;
import java.util.TreeSet;

/** pagerank, first stage: each page with rank 1 and its links out, as {@code page<TAB>1.0<TAB>a,b,c}. */
public final class PageRankInitReducer implements Reducer {
    @Override
    public void reduce(String page, Iterable<String> values, Emitter output) {
        TreeSet<String> links = new TreeSet<>(); // sorted and distinct: the same page list on every run
        for (String v : values) {
            if (v.startsWith("E")) links.add(v.substring(1));
        }
        output.emit(page, "1.0\t" + String.join(",", links));
    }
}
