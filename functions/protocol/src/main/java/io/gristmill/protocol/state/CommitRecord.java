package io.gristmill.protocol.state;

import io.gristmill.engine.json.Json;
import io.gristmill.engine.json.JsonMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who committed a task's output, stored with the output itself (the same way for map outputs and
 * reduce parts: one object metadata entry). The winner also records it in the table; the object's
 * copy is for an attempt that loses the commit race after the winner died before recording, so it
 * can record the winner's facts instead of its own.
 *
 * <p>S3 allows 2 KB of metadata, so counters and skipped records ride along only when they fit (and,
 * for a multipart upload, only if known when it started). When they are absent, the loser records its
 * own, which equal the winner's for deterministic functions.
 *
 * @param counters the committing attempt's counters, or empty when they did not fit
 * @param skipped the committing attempt's skipped records, or empty when they did not fit
 */
public record CommitRecord(
        String attempt, String worker, Optional<Map<String, Long>> counters, Optional<List<String>> skipped) {

    /** The object metadata key (S3 sends it as {@code x-amz-meta-gristmill-commit}). */
    public static final String METADATA_KEY = "gristmill-commit";
    /** What fits in S3's 2 KB of user metadata, with room for the key. */
    static final int MAX_METADATA = 1900;

    public static CommitRecord of(String attempt, String worker, Map<String, Long> counters, List<String> skipped) {
        return new CommitRecord(attempt, worker, Optional.of(counters), Optional.of(skipped));
    }

    /** The record as object metadata: everything that fits, most important first. */
    public Map<String, String> toMetadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempt", attempt);
        m.put("worker", worker);
        String bare = ascii(Json.write(m));
        counters.ifPresent(c -> m.put("counters", new TreeMap<>(c)));
        String withCounters = ascii(Json.write(m));
        skipped.ifPresent(s -> m.put("skipped", s));
        String all = ascii(Json.write(m));
        String fits = all.length() <= MAX_METADATA ? all : withCounters.length() <= MAX_METADATA ? withCounters : bare;
        return Map.of(METADATA_KEY, fits);
    }

    /** Reads {@link #toMetadata}; empty when the object carries no record. */
    public static Optional<CommitRecord> fromMetadata(Map<String, String> metadata) {
        String text = metadata.get(METADATA_KEY);
        if (text == null) return Optional.empty();
        try {
            JsonMap m = JsonMap.parse(text);
            return Optional.of(new CommitRecord(
                    m.string("attempt"),
                    m.string("worker"),
                    m.has("counters") ? Optional.of(m.longMap("counters")) : Optional.empty(),
                    m.has("skipped") ? Optional.of(m.strings("skipped")) : Optional.empty()));
        } catch (Json.JsonException | IllegalArgumentException e) {
            throw new IllegalStateException("corrupt commit record '" + text + "': " + e.getMessage(), e);
        }
    }

    /** HTTP headers carry ASCII: JSON escapes the rest. */
    private static String ascii(String json) {
        StringBuilder sb = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
