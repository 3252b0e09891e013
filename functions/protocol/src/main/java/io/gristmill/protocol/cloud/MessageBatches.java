package io.gristmill.protocol.cloud;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How messages go to SQS in SendMessageBatch requests: at most ten per request and at most 256 KB in
 * all (SQS refuses a larger batch). A sort's map messages carry thousands of split points, and a
 * reduce message may list thousands of inputs: ten of those do not fit one request.
 */
public final class MessageBatches {
    public static final int MAX_ENTRIES = 10;
    /** SQS's limit on a batch's total payload (and on one message), with room for the request's own fields. */
    public static final int MAX_BYTES = 256 * 1024 - 1024;

    private MessageBatches() {}

    public static List<List<String>> of(List<String> messages) {
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        long bytes = 0;
        for (String m : messages) {
            int size = m.getBytes(StandardCharsets.UTF_8).length;
            if (!batch.isEmpty() && (batch.size() == MAX_ENTRIES || bytes + size > MAX_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(m);
            bytes += size;
        }
        if (!batch.isEmpty()) batches.add(batch);
        return batches;
    }
}
