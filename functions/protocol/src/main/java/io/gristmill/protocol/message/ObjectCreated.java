package io.gristmill.protocol.message;

import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * One S3 ObjectCreated event, as S3 sends it to SQS. Keys arrive URL-encoded; sequencers are hex
 * strings of varying length that order the events of one key once left-padded to equal length.
 */
public record ObjectCreated(String bucket, String key, long size, String eTag, String sequencer, String eventName) {
    public static final String PUT = "ObjectCreated:Put";
    public static final String COMPLETE_MULTIPART_UPLOAD = "ObjectCreated:CompleteMultipartUpload";
    public static final String COPY = "ObjectCreated:Copy";

    /** The notification S3 sends for one event: S3's fields, the key URL-encoded as S3 does. */
    public String toNotification(String region, String configurationId) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
        object.put("size", size);
        object.put("eTag", eTag);
        object.put("sequencer", sequencer);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", bucket);
        b.put("ownerIdentity", Map.of("principalId", "local"));
        b.put("arn", "arn:aws:s3:::" + bucket);
        Map<String, Object> s3 = new LinkedHashMap<>();
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        s3.put("bucket", b);
        s3.put("object", object);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", Instant.now().toString());
        record.put("eventName", eventName);
        record.put("userIdentity", Map.of("principalId", "local"));
        record.put("requestParameters", Map.of("sourceIPAddress", "127.0.0.1"));
        record.put(
                "responseElements", Map.of("x-amz-request-id", UUID.randomUUID().toString()));
        record.put("s3", s3);
        return Json.write(Map.of("Records", List.of(record)));
    }

    /** The notification of one put, as S3 would send it. */
    public static String notification(String bucket, String key, long size, String eTag, String sequencer) {
        return new ObjectCreated(bucket, key, size, eTag, sequencer, PUT).toNotification("us-east-1", "gristmill");
    }

    /** The events of one notification message; S3's test event and other kinds give none. */
    public static List<ObjectCreated> parse(String body) {
        JsonMap doc;
        try {
            doc = JsonMap.parse(body);
        } catch (Json.JsonException e) {
            throw new IllegalArgumentException("not an S3 event notification: " + e.getMessage());
        }
        List<ObjectCreated> out = new ArrayList<>();
        for (JsonMap rec : doc.objects("Records")) {
            String name = String.valueOf(rec.optString("eventName"));
            if (!name.startsWith("ObjectCreated:")) continue;
            JsonMap s3 = rec.object("s3");
            JsonMap object = s3.object("object");
            Long size = object.has("size") ? object.optLong("size") : null;
            out.add(new ObjectCreated(
                    s3.object("bucket").string("name"),
                    URLDecoder.decode(object.string("key"), StandardCharsets.UTF_8),
                    size == null ? 0 : size,
                    object.optString("eTag"),
                    pad(object.optString("sequencer")),
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
