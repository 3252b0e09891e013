package io.gristmill.protocol;

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
}
