package io.gristmill.local.process;

import io.gristmill.engine.json.Json;
import io.gristmill.local.runtime.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of an SQS event as Lambda's event source mapping sends it, and the partial batch
 * response ({@code SQSBatchResponse}) the function answers with, read with Lambda's rules.
 */
final class SqsEventJson {
    private SqsEventJson() {}

    static byte[] event(List<QueueMessage> messages, String queueArn, String region) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (QueueMessage m : messages) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            r.put("attributes", m.attributes());
            r.put("messageAttributes", Map.of());
            r.put("md5OfBody", m.md5OfBody());
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", region);
            records.add(r);
        }
        return Json.write(Map.of("Records", records)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The messages to leave on the queue after a response. Lambda deletes the whole batch for a null
     * or empty response or an empty or missing {@code batchItemFailures}, and retries the whole
     * batch for a response that is not JSON or an item without a valid {@code itemIdentifier}.
     */
    static Set<String> retries(byte[] response, Set<String> batch) {
        String text = new String(response, StandardCharsets.UTF_8).trim();
        if (text.isEmpty() || text.equals("null")) return Set.of();
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.JsonException e) {
            return batch;
        }
        if (!(parsed instanceof Map<?, ?> map)) return batch;
        Object failures = map.get("batchItemFailures");
        if (failures == null) return Set.of();
        if (!(failures instanceof List<?> list)) return batch;
        Set<String> retry = new HashSet<>();
        for (Object item : list) {
            Object id = item instanceof Map<?, ?> f ? f.get("itemIdentifier") : null;
            if (!(id instanceof String s) || s.isEmpty() || !batch.contains(s)) return batch;
            retry.add(s);
        }
        return retry;
    }
}
