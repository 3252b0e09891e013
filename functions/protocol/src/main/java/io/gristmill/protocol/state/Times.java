package io.gristmill.protocol.state;

import java.time.Instant;

/** Timestamps are epoch milliseconds in the table and ISO-8601 in summaries. */
public final class Times {
    private Times() {}

    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    public static long parse(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }
}
