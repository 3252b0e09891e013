package io.gristmill.e2e.jobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;
import io.gristmill.apps.WordCountMapper;

/** wordcount's mapper plus a fixed sleep per task ({@code sleepMs} parameter): tasks of a known length. */
public final class SlowMapper implements Mapper {
    private final WordCountMapper words = new WordCountMapper();
    private long sleepMillis;

    @Override
    public void setup(TaskContext context) {
        sleepMillis = Long.parseLong(context.parameter("sleepMs", "1000"));
    }

    @Override
    public void map(InputRecord record, Emitter output) {
        words.map(record, output);
    }

    @Override
    public void cleanup(Emitter output) throws InterruptedException {
        Thread.sleep(sleepMillis);
    }
}
