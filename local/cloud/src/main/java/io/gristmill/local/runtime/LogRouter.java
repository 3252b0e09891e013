package io.gristmill.local.runtime;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out} and {@code System.err} by thread, so that in one JVM each function
 * instance still has its own log, as each Lambda instance has its own CloudWatch log stream. A
 * thread started inside an invocation inherits its instance's log.
 */
public final class LogRouter {
    private static final InheritableThreadLocal<PrintStream> TARGET = new InheritableThreadLocal<>();
    private static volatile PrintStream unrouted;
    /** Standard output before the router replaced it. */
    private static PrintStream original;

    private static boolean installed;

    private LogRouter() {}

    /**
     * Installs the router; output of threads outside any invocation goes to {@code fallback}.
     * Returns the original standard output, for the caller's own messages.
     */
    public static synchronized PrintStream install(PrintStream fallback) {
        // Once installed, System.out is the router itself: never fall back to it.
        if (!installed) original = System.out;
        unrouted = fallback != null ? fallback : original;
        if (!installed) {
            PrintStream router = new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            target().write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            target().write(b, off, len);
                        }

                        @Override
                        public void flush() {
                            target().flush();
                        }
                    },
                    true,
                    StandardCharsets.UTF_8);
            System.setOut(router);
            System.setErr(router);
            installed = true;
        }
        return original;
    }

    private static PrintStream target() {
        PrintStream t = TARGET.get();
        return t != null ? t : unrouted;
    }

    /** Sends this thread's (and its future children's) output to {@code log}; null restores. */
    static void route(PrintStream log) {
        if (log == null) TARGET.remove();
        else TARGET.set(log);
    }
}
