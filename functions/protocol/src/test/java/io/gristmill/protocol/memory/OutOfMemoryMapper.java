package io.gristmill.protocol.memory;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;

/** A mapper that runs out of heap on its first record, as one that holds too much would. */
public final class OutOfMemoryMapper implements Mapper {
    @Override
    public void map(InputRecord record, Emitter output) {
        throw new OutOfMemoryError("Java heap space");
    }
}
