package io.gristmill.e2e.jobs;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;
import io.gristmill.apps.WordCountMapper;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * wordcount's mapper that takes {@code sleepMs} per task, and whose first attempt at task
 * {@code failTask} throws (a marker file per job and task, under {@code markers}, tells the first
 * attempt from the next): a task that fails once and succeeds when it runs again.
 */
public final class FlakyMapper implements Mapper {
    private final WordCountMapper words = new WordCountMapper();
    private long sleepMillis;
    private Path marker;

    @Override
    public void setup(TaskContext context) {
        sleepMillis = Long.parseLong(context.parameter("sleepMs", "0"));
        String fail = context.parameter("failTask", "");
        String markers = context.parameter("markers", "");
        marker = context.taskId().equals(fail) && !markers.isEmpty()
                ? Path.of(markers).resolve(context.jobId() + "-" + context.taskId())
                : null;
    }

    @Override
    public void map(InputRecord record, Emitter output) {
        words.map(record, output);
    }

    @Override
    public void cleanup(Emitter output) throws Exception {
        Thread.sleep(sleepMillis);
        if (marker != null && !Files.exists(marker)) {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "failed once");
            throw new IllegalStateException("the first attempt of this task fails, on purpose");
        }
    }
}
