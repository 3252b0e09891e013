package io.gristmill.apps;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;

/** sort: every line becomes a key with an empty value. */
public final class SortMapper implements Mapper {
    @Override
    public void map(InputRecord record, Emitter output) {
        output.emit(record.line(), "");
    }
}
