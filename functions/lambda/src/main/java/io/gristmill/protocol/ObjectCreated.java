package io.gristmill.protocol;

import io.gristmill.engine.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One S3 ObjectCreated event, as S3 sends it to SQS. Keys arrive URL-encoded; sequencers are hex
 * strings of varying length that order the events of one key once left-padded to equal length.
 */
public record ObjectCreated(String bucket, String key, long size, String eTag, String sequencer, String eventName) {

    /** The events of one notification message; S3's test event and other kinds give none. */
    @SuppressWarnings("unchecked")
    public static List<ObjectCreated> parse(String body) {
        Map<String, Object> doc;
        try {
            doc = Json.parseObject(body);
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("not an S3 event notification: " + e.getMessage());
        }
        List<ObjectCreated> out = new ArrayList<>();
        Object records = doc.get("Records");
        if (!(records instanceof List<?> list)) return out;
        for (Object r : list) {
            Map<String, Object> rec = (Map<String, Object>) r;
            String name = String.valueOf(rec.get("eventName"));
            if (!name.startsWith("ObjectCreated:")) continue;
            Map<String, Object> s3 = (Map<String, Object>) rec.get("s3");
            Map<String, Object> bucket = (Map<String, Object>) s3.get("bucket");
            Map<String, Object> object = (Map<String, Object>) s3.get("object");
            Object size = object.get("size");
            out.add(new ObjectCreated(
                    (String) bucket.get("name"),
                    URLDecoder.decode((String) object.get("key"), StandardCharsets.UTF_8),
                    size instanceof Number n ? n.longValue() : 0,
                    (String) object.get("eTag"),
                    pad((String) object.get("sequencer")),
                    name));
        }
        return out;
    }

    /** Left-pads a sequencer so that string order is event order. */
    static String pad(String sequencer) {
        String s = sequencer == null ? "" : sequencer.toUpperCase(Locale.ROOT);
        return s.length() >= 32 ? s : "0".repeat(32 - s.length()) + s;
    }
}
