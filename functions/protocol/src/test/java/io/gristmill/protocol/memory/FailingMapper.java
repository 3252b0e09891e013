package io.gristmill.protocol.memory;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;

/** A mapper whose every run fails on the first record: its job must fail, saying why. */
public final class FailingMapper implements Mapper {
    @Override
    public void map(InputRecord record, Emitter output) {
        throw new IllegalStateException("this mapper always fails");
    }
}
