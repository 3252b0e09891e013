package io.gristmill.protocol;

import io.gristmill.engine.task.TaskFailure;

/**
 * One line per event on standard output, which Lambda sends to CloudWatch Logs and the local
 * runtime keeps per instance. Lines start with the job and task, so a job's story can be grepped.
 */
public final class Log {
    private Log() {}

    public static void info(String jobId, Object task, String message) {
        System.out.println(prefix(jobId, task) + message);
    }

    public static void warn(String jobId, Object task, String message) {
        System.out.println(prefix(jobId, task) + "WARN " + message);
    }

    private static String prefix(String jobId, Object task) {
        return "[" + (jobId == null ? "-" : jobId) + (task == null ? "" : " " + task) + "] ";
    }

    /** An error as the table and {@code _JOB.json} show it: the user's message, at most 1,000 characters. */
    static String describe(Throwable e) {
        String text = e instanceof TaskFailure ? e.getMessage() : e.toString();
        if (text == null) text = e.getClass().getName();
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }
}
