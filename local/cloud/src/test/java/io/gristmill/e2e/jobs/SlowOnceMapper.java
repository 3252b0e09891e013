package io.gristmill.e2e.jobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;
import io.gristmill.apps.WordCountMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * wordcount's mapper whose first attempt at each task hangs for {@code sleepMs} (a marker file per
 * task, under the {@code markers} folder, tells the first attempt from the next): a task that
 * exceeds its timeout once.
 */
public final class SlowOnceMapper implements Mapper {
    private final WordCountMapper words = new WordCountMapper();
    private Path marker;
    private long sleepMillis;

    @Override
    public void setup(TaskContext context) {
        marker = Path.of(context.requiredParameter("markers")).resolve(context.jobId() + "-" + context.taskId());
        sleepMillis = Long.parseLong(context.parameter("sleepMs", "10000"));
    }

    @Override
    public void map(InputRecord record, Emitter output) {
        words.map(record, output);
    }

    @Override
    public void cleanup(Emitter output) throws Exception {
        if (!Files.exists(marker)) {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "hung once");
            Thread.sleep(sleepMillis);
        }
    }
}
