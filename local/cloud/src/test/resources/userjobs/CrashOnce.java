package com.example.crash;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts space-separated tokens, and misbehaves once per job: the first map attempt to claim the
 * marker file (--param markers=DIR) does what --param mode says before mapping anything: "exit"
 * (System.exit), "halt" (Runtime.halt, as a crash), "oom" (fills the heap) or "hang" (sleeps past
 * any timeout). Every other attempt maps normally, so the output is the sequential count.
 */
public class CrashOnce implements Mapper {
    private Path markers;
    private String mode;
    private boolean checked;

    @Override
    public void setup(TaskContext context) {
        markers = Path.of(context.requiredParameter("markers"));
        mode = context.requiredParameter("mode");
    }

    @Override
    public void map(InputRecord record, Emitter output) {
        if (!checked) {
            checked = true;
            if (claim()) misbehave();
        }
        for (String token : record.line().split(" ")) {
            if (!token.isEmpty()) output.emit(token, "1");
        }
    }

    private boolean claim() {
        try {
            Files.createFile(markers.resolve(mode));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void misbehave() {
        System.out.println("CrashOnce: " + mode + " now");
        switch (mode) {
            case "exit" -> System.exit(1);
            case "halt" -> Runtime.getRuntime().halt(9);
            case "oom" -> {
                List<long[]> hoard = new ArrayList<>();
                while (true) hoard.add(new long[1 << 20]);
            }
            case "hang" -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
