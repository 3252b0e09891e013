package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.Reducer;
import io.gristmill.api.TaskContext;

/**
 * sort: writes each line once per occurrence, so duplicates are kept, in key order. With
 * {@code limit=N} a reduce task writes at most N lines: with one reducer, the first N of the sort.
 */
public final class SortReducer implements Reducer {
    private boolean plain;
    private long limit;
    private long written;

    @Override
    public void setup(TaskContext context) {
        plain = SortKeys.from(context).plain();
        String l = context.parameter("limit", "");
        try {
            limit = l.isEmpty() ? Long.MAX_VALUE : Long.parseLong(l);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter 'limit' must be a whole number, not '" + l + "'");
        }
        if (limit < 0) throw new IllegalArgumentException("parameter 'limit' cannot be negative (got " + limit + ")");
    }

    @Override
    public void reduce(String key, Iterable<String> values, Emitter output) {
        for (String line : values) {
            if (written >= limit) return;
            // A plain sort's key is the line; an encoded key carries the line as its value.
            output.emit(plain ? key : line, "");
            written++;
        }
    }
}
