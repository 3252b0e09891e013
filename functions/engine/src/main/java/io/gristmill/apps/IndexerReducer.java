package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;
import java.util.TreeSet;

/** indexer: {@code N name1,name2,...}, the objects that contain the word, sorted. */
public final class IndexerReducer implements Reducer {
    @Override
    public void reduce(String key, Iterable<String> values, Emitter output) {
        TreeSet<String> names = new TreeSet<>();
        for (String v : values) names.add(v);
        output.emit(key, names.size() + " " + String.join(",", names));
    }
}
