package io.gristmill.protocol;

import io.gristmill.protocol.state.Outcome;
import io.gristmill.protocol.state.TaskId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an attempt says when it is about to die, so that its task does not wait a lease to run again
 * and the job can say why: it records itself as {@link Outcome#LOST} with the reason, and hides its
 * message for the retry delay only (as a failed attempt does).
 *
 * <p>Nothing else can say it: on Lambda, an instance that dies is not reported to anyone, and its
 * message simply stays hidden. So the attempt speaks for itself where it still can: when it runs out
 * of time ({@link Lease}), runs out of heap ({@code OutOfMemoryError}), or when the function calls
 * {@code System.exit} (a shutdown hook, in processes that are one instance each). A halt, a kill or
 * the machine's memory limit leave no time for words; the lease brings those back, and the job's
 * summary calls them lost ({@link io.gristmill.protocol.state.Fates}).
 */
public final class LastWords {
    /** The exit status of an instance stopped by its job's task timeout (that of the {@code timeout} command). */
    public static final int TIMED_OUT_STATUS = 124;

    /** How long a dying process waits for its last words to reach the table and the queue. */
    private static final long SPEAKING_MILLIS = 2000;

    private static final Pattern EXIT_CALL = Pattern.compile("Runtime\\.exit\\((-?\\d+)\\)");
    private static final Set<Attempt> RUNNING = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    /** Kept here: java.util.logging holds loggers weakly, and this one carries the exit status. */
    private static Logger runtimeLogger;

    private static volatile String exitStatus;
    private static volatile StackTraceElement exitCaller;

    private LastWords() {}

    /** One running attempt, able to record its own end. */
    static final class Attempt implements AutoCloseable {
        private final Cloud cloud;
        private final String jobId;
        private final TaskId task;
        private final int slot;
        private final Delivery delivery;
        private final AtomicBoolean spoken = new AtomicBoolean();

        Attempt(Cloud cloud, String jobId, TaskId task, int slot, Delivery delivery) {
            this.cloud = cloud;
            this.jobId = jobId;
            this.task = task;
            this.slot = slot;
            this.delivery = delivery;
        }

        /**
         * Records the attempt as lost and lets its task run again after the retry delay; once only. Best
         * effort: if this fails, the lease still brings the task back.
         */
        void speak(String reason) {
            if (!spoken.compareAndSet(false, true)) return;
            RUNNING.remove(this);
            Log.warn(jobId, task, "attempt " + delivery.attemptId() + " lost: " + reason);
            try {
                cloud.table()
                        .recordOutcome(
                                jobId,
                                task,
                                slot,
                                Outcome.LOST,
                                reason,
                                cloud.clock().now());
            } catch (Exception | Error e) {
                Log.warn(jobId, task, "could not record the attempt's end: " + e);
            }
            Retries.delay(cloud, cloud.retryDelaySeconds(), delivery);
            System.out.flush();
        }

        boolean spoken() {
            return spoken.get();
        }

        /** The attempt ended by itself: nothing to say. */
        @Override
        public void close() {
            RUNNING.remove(this);
        }
    }

    /**
     * An attempt that speaks if its process dies while it runs. The shutdown hook is installed only
     * where a process is one instance ({@link Cloud.CrashMode#HALT}): in a JVM shared by many, such as
     * the local in-JVM runtime, an exit is not the attempt's.
     */
    static Attempt watch(Cloud cloud, String jobId, TaskId task, int slot, Delivery delivery) {
        Attempt a = new Attempt(cloud, jobId, task, slot, delivery);
        if (cloud.crashMode() == Cloud.CrashMode.HALT) {
            install();
            RUNNING.add(a);
        }
        return a;
    }

    private static void install() {
        if (!INSTALLED.compareAndSet(false, true)) return;
        listenForExits();
        Runtime.getRuntime().addShutdownHook(new Thread(LastWords::exiting, "gristmill-last-words"));
    }

    /** The process is exiting: each attempt still running says why, within a bounded time. */
    private static void exiting() {
        if (RUNNING.isEmpty()) return;
        String reason = exitReason(Thread.getAllStackTraces());
        Thread speaker = new Thread(() -> RUNNING.forEach(a -> a.speak(reason)), "gristmill-last-words-speaker");
        speaker.setDaemon(true);
        speaker.start();
        try {
            speaker.join(SPEAKING_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Why the process is exiting: {@code crashed (exit status 1): System.exit(1) called at
     * com.acme.Map.map(Map.java:12)}. The status is known on Java 21 and later, which log each
     * {@code Runtime.exit} (to the logger {@code java.lang.Runtime}); the caller, from the stack of the
     * thread that called it, on any version.
     */
    static String exitReason(Map<Thread, StackTraceElement[]> stacks) {
        StackTraceElement caller = exitCaller;
        String status = exitStatus;
        String signal = null;
        for (var e : stacks.entrySet()) {
            if (caller == null) caller = callerOfExit(e.getValue());
            String name = e.getKey().getName();
            if (name.startsWith("SIG") && name.endsWith(" handler")) signal = name.substring(0, name.indexOf(' '));
        }
        if (caller != null || status != null) {
            String where = caller == null ? "" : " called at " + caller;
            return status != null
                    ? "crashed (exit status " + status + "): System.exit(" + status + ")" + where
                    : "crashed (System.exit): System.exit" + where;
        }
        if (signal != null) return "stopped (" + signal + "): its instance was shut down while it ran";
        return "crashed: its process exited while it ran";
    }

    /**
     * Who called {@code System.exit} in this process, and with what status (known on Java 21 and later,
     * once {@link #listenForExits} ran): for a shutdown hook that wants to say why the process ends.
     */
    public static String exitCall() {
        StackTraceElement caller = exitCaller;
        if (caller == null) {
            for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
                caller = callerOfExit(stack);
                if (caller != null) break;
            }
        }
        String status = exitStatus;
        if (caller == null && status == null) return null;
        return "System.exit" + (status == null ? "" : "(" + status + ")") + (caller == null ? "" : " at " + caller);
    }

    /** The first frame below {@code System.exit} or {@code Runtime.exit} that is not the JDK's. */
    static StackTraceElement callerOfExit(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement f = stack[i];
            boolean exit = f.getMethodName().equals("exit")
                    && (f.getClassName().equals("java.lang.System")
                            || f.getClassName().equals("java.lang.Runtime"));
            if (!exit) continue;
            for (int j = i + 1; j < stack.length; j++) {
                String c = stack[j].getClassName();
                if (!c.equals("java.lang.System") && !c.equals("java.lang.Runtime")) return stack[j];
            }
        }
        return null;
    }

    /** From Java 21, the JDK logs every Runtime.exit at DEBUG with its status and its caller's stack: listen. */
    public static synchronized void listenForExits() {
        if (runtimeLogger != null) return;
        try {
            Logger logger = Logger.getLogger("java.lang.Runtime");
            logger.setLevel(Level.FINE);
            logger.setUseParentHandlers(false);
            logger.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    Throwable t = record.getThrown();
                    if (t == null || t.getMessage() == null) return;
                    Matcher m = EXIT_CALL.matcher(t.getMessage());
                    if (!m.find()) return;
                    exitStatus = m.group(1);
                    StackTraceElement caller = callerOfExit(t.getStackTrace());
                    if (caller != null) exitCaller = caller;
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            });
            runtimeLogger = logger;
        } catch (RuntimeException | LinkageError e) {
            // without java.logging, the caller's frame still names who exited
        }
    }
}
