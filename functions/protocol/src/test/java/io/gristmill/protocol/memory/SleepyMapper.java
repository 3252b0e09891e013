package io.gristmill.protocol.memory;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;

/**
 * A mapper that takes {@code --param sleepSeconds=N} of virtual time on its first record, on the
 * test's clock (a job's classes are loaded by name, so the clock is handed over in a static field).
 */
public final class SleepyMapper implements Mapper {
    static volatile ManualClock clock;

    private long sleepMillis;
    private boolean slept;

    @Override
    public void setup(TaskContext context) {
        sleepMillis = Long.parseLong(context.parameter("sleepSeconds", "0")) * 1000;
    }

    @Override
    public void map(InputRecord record, Emitter output) {
        if (!slept) {
            slept = true;
            clock.sleep(sleepMillis);
        }
        output.emit(record.line(), "1");
    }
}
