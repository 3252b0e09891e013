package io.gristmill.cli;

import io.gristmill.protocol.LastWords;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * What {@code grist run} does when its JVM is ending before the run did: Ctrl-C (SIGINT), SIGTERM, or
 * a {@code System.exit} in the job's code running inside grist ({@code --runtime in-jvm}). It says
 * so in one line, removes the run's files (the local cloud's copy of the input, its logs, an output
 * folder it made and left empty) and, for an exit, ends grist with its own exit code, so a script can
 * tell it from a failed job. A SIGKILL leaves no time for any of this; the next run removes what it
 * left ({@link RunState#sweep}).
 */
final class Interruption {
    private final Thread hook;
    private volatile boolean removed;

    private Interruption(Runnable onExit) {
        this.hook = new Thread(onExit, "grist-interrupted");
    }

    /**
     * @param keepState whether the run keeps its files anyway ({@code --keep-state})
     * @param jobId the job's id once known, for the message
     */
    static Interruption install(
            RunState state, boolean keepState, OutputFolder output, Supplier<String> jobId, PrintStream err) {
        LastWords.listenForExits();
        Interruption[] self = new Interruption[1];
        self[0] = new Interruption(() -> self[0].ending(state, keepState, output, jobId, err));
        Runtime.getRuntime().addShutdownHook(self[0].hook);
        return self[0];
    }

    /** The run ended by itself: nothing to do at exit. */
    void remove() {
        removed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: ending() sees `removed`
        }
    }

    private void ending(
            RunState state, boolean keepState, OutputFolder output, Supplier<String> jobId, PrintStream err) {
        if (removed) return;
        String signal = signal();
        String exit = signal == null ? LastWords.exitCall() : null;
        String job = jobId.get() == null ? "the job" : "job " + jobId.get();
        String files = keepState ? "its files are kept in " + state.dir() : "its files were removed";
        if (signal != null) {
            err.println("grist: interrupted (" + signal + "): stopped " + job + " and the local cloud; " + files);
        } else if (exit != null) {
            err.println("grist: the job's code called " + exit + ", which ends grist itself with --runtime in-jvm"
                    + " (functions run inside grist's JVM); with --runtime process, the default, it would end only"
                    + " its function instance and the task would run again. Stopped " + job + "; " + files);
        } else {
            err.println("grist: grist's JVM is ending while " + job + " runs; " + files);
        }
        err.flush();
        output.release();
        if (keepState) {
            state.keep("interrupted");
        } else {
            state.delete();
            pause(); // instances that were still writing are gone by now (the runtime kills them as we exit)
            state.delete();
        }
        if (signal == null && exit != null) Runtime.getRuntime().halt(Grist.EXIT_JOB_CODE_EXITED);
    }

    /** The signal being handled, from the JDK's signal thread ("SIGINT handler"), if one is. */
    private static String signal() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith("SIG") && name.endsWith(" handler")) {
                String sig = name.substring(0, name.indexOf(' '));
                return sig.equals("SIGINT") ? "Ctrl-C, SIGINT" : sig;
            }
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
