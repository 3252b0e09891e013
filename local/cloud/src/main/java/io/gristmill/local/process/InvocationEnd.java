package io.gristmill.local.process;

/** How one invocation of a function instance ended, in the terms Lambda reports it. */
sealed interface InvocationEnd {

    /** The function's error as Lambda reports it, or null for a response. */
    String error();

    /** Whether the instance may serve again: Lambda keeps it after a response or a handled error. */
    boolean keepsInstance();

    /** Extra fields of the REPORT line, e.g. {@code Status: timeout}. */
    default String reportStatus() {
        return keepsInstance()
                ? ""
                : "\tStatus: " + (this instanceof TimedOut ? "timeout" : "error") + "\tError Type: " + errorType();
    }

    default String errorType() {
        return "";
    }

    /** The handler returned; {@code body} is its serialized result. */
    record Response(byte[] body) implements InvocationEnd {
        public String error() {
            return null;
        }

        public boolean keepsInstance() {
            return true;
        }
    }

    /** The handler threw; the runtime interface client reported it on /error and goes on serving. */
    record FunctionError(String errorType, String message) implements InvocationEnd {
        public String error() {
            return errorType + ": " + message;
        }

        public boolean keepsInstance() {
            return true;
        }
    }

    /** The instance failed to initialise (reported on /init/error, or it never asked for work). */
    record InitFailed(String errorType, String message) implements InvocationEnd {
        public String error() {
            return errorType + ": " + message;
        }

        public boolean keepsInstance() {
            return false;
        }
    }

    /** The process ended during the invocation: System.exit, halt, a crash, an OutOfMemoryError. */
    record Exited(int status) implements InvocationEnd {
        public String error() {
            return "Runtime.ExitError: Runtime exited with error: " + describe(status);
        }

        public String errorType() {
            return "Runtime.ExitError";
        }

        public boolean keepsInstance() {
            return false;
        }

        /** Lambda's wording: "exit status 1", or "signal: killed" for a process killed by SIGKILL. */
        static String describe(int status) {
            if (status == 137) return "signal: killed";
            if (status > 128 && status < 160) return "signal: " + (status - 128);
            return "exit status " + status;
        }
    }

    /** The invocation outlived the function's timeout; the instance was killed. */
    record TimedOut(int seconds) implements InvocationEnd {
        public String error() {
            return "Task timed out after " + seconds + ".00 seconds";
        }

        public String errorType() {
            return "Sandbox.Timedout";
        }

        public boolean keepsInstance() {
            return false;
        }
    }
}
