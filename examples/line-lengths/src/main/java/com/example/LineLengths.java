package com.example;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;

/** Counts lines by length, in buckets of --param bucket=N characters (default 10). */
public class LineLengths implements Mapper {
    private int bucket;

    @Override
    public void setup(TaskContext context) {
        bucket = Integer.parseInt(context.parameter("bucket", "10"));
        if (bucket < 1) throw new IllegalArgumentException("parameter 'bucket' must be at least 1");
    }

    @Override
    public void map(InputRecord record, Emitter output) {
        int from = record.line().length() / bucket * bucket;
        // Zero-padded, so that keys sort in numeric order.
        output.emit(String.format("%06d", from), "1");
    }
}
