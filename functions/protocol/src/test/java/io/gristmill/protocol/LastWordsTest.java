package io.gristmill.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gristmill.engine.job.JobSpec;
import io.gristmill.protocol.state.Attempt;
import io.gristmill.protocol.state.Fates;
import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskId;
import io.gristmill.protocol.state.TaskRecord;
import io.gristmill.protocol.state.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a dying process says about its attempt, and how a task's attempts are summed up in its job's error. */
class LastWordsTest {
    private static StackTraceElement frame(String cls, String method, int line) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
    }

    /** The stack of a thread that called System.exit, as a shutdown hook sees it on Java 17. */
    private static final StackTraceElement[] EXITING = {
        frame("java.lang.Object", "wait", 0),
        frame("java.lang.ApplicationShutdownHooks", "runHooks", 107),
        frame("java.lang.Shutdown", "runHooks", 130),
        frame("java.lang.Shutdown", "exit", 173),
        frame("java.lang.Runtime", "exit", 115),
        frame("java.lang.System", "exit", 1877),
        frame("com.acme.Bad", "map", 12),
        frame("io.gristmill.engine.task.MapTask", "run", 70)
    };

    @Test
    void anExitNamesItsCaller() {
        assertEquals(
                "crashed (System.exit): System.exit called at com.acme.Bad.map(Bad.java:12)",
                LastWords.exitReason(Map.of(new Thread("main"), EXITING)));
        assertEquals(frame("com.acme.Bad", "map", 12), LastWords.callerOfExit(EXITING));
    }

    @Test
    void aSignalIsNamedWhenNoOneCalledExit() {
        StackTraceElement[] idle = {frame("java.lang.Thread", "sleep", 0)};
        assertEquals(
                "stopped (SIGTERM): its instance was shut down while it ran",
                LastWords.exitReason(Map.of(new Thread("SIGTERM handler"), idle, new Thread("main"), idle)));
    }

    @Test
    void aTaskWhoseAttemptsDiedSilentlySaysSo() {
        Attempt silent = Attempt.started("a1", 1, "MapFunction/001", 0);
        Attempt threw = Attempt.started("a2", 2, "MapFunction/002", 10).ended(20, Outcome.FAILED, "boom");
        Attempt exited = Attempt.started("a3", 3, "MapFunction/003", 30)
                .ended(
                        40,
                        Outcome.LOST,
                        "crashed (exit status 1): System.exit(1) called at com.acme.Bad.map(Bad.java:12)");
        TaskRecord t = new TaskRecord(
                "j",
                TaskId.map(0),
                TaskStatus.RUNNING,
                List.of(silent, threw, exited),
                null,
                null,
                Map.of(),
                List.of(),
                "a.txt bytes 0-10",
                "boom");
        assertEquals(
                "task m-00000 failed 3 attempts: 1 no word from it, 1 threw an exception, 1 crashed (exit status 1);"
                        + " last error: crashed (exit status 1): System.exit(1) called at com.acme.Bad.map(Bad.java:12)",
                Fates.taskFailed(t, Optional.<JobSpec>empty()));
        assertEquals(Outcome.LOST, Fates.settle(t, Optional.empty()).get(0).outcome());
        assertEquals(Fates.NO_WORD, Fates.settle(t, Optional.empty()).get(0).error());
    }
}
