package io.gristmill.local.edge;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Handlers mounted on the edge endpoint by path prefix, in front of the AWS services: a request whose path
 * starts with a mounted prefix goes to that handler (the longest prefix wins), any other to S3, SQS or
 * DynamoDB. Prefixes live under {@link #RESERVED}, {@code /_gristmill/}, which no S3 bucket can be named
 * (bucket names have no underscore), so a mounted handler never hides a bucket.
 *
 * <p>Mount and unmount at any time, also while the edge serves requests.
 */
public final class EdgeRoutes {
    public static final String RESERVED = "/_gristmill/";

    private final Map<String, EdgeHandler> handlers = new ConcurrentSkipListMap<>();

    /**
     * Serves every path that starts with {@code prefix}, which starts with {@code /_gristmill/}; replaces a
     * handler mounted there before.
     */
    public EdgeRoutes mount(String prefix, EdgeHandler handler) {
        if (!prefix.startsWith(RESERVED)) {
            throw new IllegalArgumentException(
                    "mount handlers under " + RESERVED + " (got " + prefix + "): other paths are S3 buckets");
        }
        handlers.put(prefix, handler);
        return this;
    }

    public void unmount(String prefix) {
        handlers.remove(prefix);
    }

    /** The handler of the longest mounted prefix of {@code path}. */
    Optional<Map.Entry<String, EdgeHandler>> find(String path) {
        Map.Entry<String, EdgeHandler> best = null;
        for (Map.Entry<String, EdgeHandler> e : handlers.entrySet()) {
            if (matches(path, e.getKey())
                    && (best == null || e.getKey().length() > best.getKey().length())) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code /_gristmill/stack} matches the prefix {@code /_gristmill/stack} and {@code /_gristmill/}. */
    private static boolean matches(String path, String prefix) {
        if (path.startsWith(prefix)) return true;
        return prefix.endsWith("/") && path.equals(prefix.substring(0, prefix.length() - 1));
    }
}
