package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;

/** Writes every value of every key unchanged. */
public final class IdentityReducer implements Reducer {
    @Override
    public void reduce(String key, Iterable<String> values, Emitter output) {
        for (String v : values) output.emit(key, v);
    }
}
