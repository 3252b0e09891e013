package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;

/**
 * sort: every line becomes a key. By default the line is the key and the value is empty; with
 * {@code by}, {@code order} or {@code numeric} the key is an encoding that sorts as asked (see
 * {@link SortKeys}) and the line travels as the value.
 */
public final class SortMapper implements Mapper {
    private SortKeys keys;

    @Override
    public void setup(TaskContext context) {
        keys = SortKeys.from(context);
    }

    @Override
    public void map(InputRecord record, Emitter output) {
        if (keys.plain()) output.emit(record.line(), "");
        else output.emit(keys.key(record.line()), record.line());
    }
}
