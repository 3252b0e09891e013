package io.gristmill.report;

/**
 * How to build a report.
 *
 * @param generatedAt when the report was made (epoch milliseconds): for a job still running, the
 *     moment it shows
 * @param refreshSeconds for a report served live (the dashboard), reload it this often while the job
 *     runs; 0 for a file
 * @param backLink a link back to where the report came from (the dashboard's job list), or null
 * @param mapMemoryMb the map function's memory, for the cost estimate (the template's default: 1,769)
 * @param reduceMemoryMb the reduce function's memory, likewise
 */
public record ReportOptions(
        long generatedAt, int refreshSeconds, String backLink, int mapMemoryMb, int reduceMemoryMb) {

    public static final int DEFAULT_MEMORY_MB = 1769;

    /** A report file, made now. */
    public static ReportOptions file() {
        return new ReportOptions(System.currentTimeMillis(), 0, null, DEFAULT_MEMORY_MB, DEFAULT_MEMORY_MB);
    }

    /** A report served live, reloading every {@code refreshSeconds} while its job runs. */
    public static ReportOptions live(int refreshSeconds, String backLink) {
        return new ReportOptions(
                System.currentTimeMillis(), refreshSeconds, backLink, DEFAULT_MEMORY_MB, DEFAULT_MEMORY_MB);
    }

    public ReportOptions at(long millis) {
        return new ReportOptions(millis, refreshSeconds, backLink, mapMemoryMb, reduceMemoryMb);
    }

    public ReportOptions memory(int mapMb, int reduceMb) {
        return new ReportOptions(generatedAt, refreshSeconds, backLink, mapMb, reduceMb);
    }
}
