package io.gristmill.engine.job;

import java.util.List;

/**
 * How map output is divided among the R reduce tasks: by hash (the default), by sampled key ranges
 * (a total order: the sort app), or by the user's own {@code Partitioner} class.
 */
public sealed interface Partitioning {
    Hash HASH = new Hash();

    /** The word in manifests and messages: {@code hash}, {@code range}, or the class name. */
    String word();

    /** Reads a manifest's {@code partitioner}: {@code hash}, {@code range} or a class name. */
    static Partitioning parse(String word) {
        return switch (word) {
            case "hash" -> HASH;
            case "range" -> new Range(List.of());
            default -> new Custom(word);
        };
    }

    /** A mixed {@code String.hashCode()} modulo R. */
    record Hash() implements Partitioning {
        @Override
        public String word() {
            return "hash";
        }
    }

    /**
     * Key ranges: reduce task r receives the keys from split point r-1 (inclusive) to split point r.
     *
     * @param splitPoints the R-1 (or fewer) sampled boundaries; empty until the coordinator samples
     */
    record Range(List<String> splitPoints) implements Partitioning {
        public Range {
            splitPoints = List.copyOf(splitPoints);
        }

        @Override
        public String word() {
            return "range";
        }
    }

    /** The user's {@code io.gristmill.api.Partitioner}. */
    record Custom(String className) implements Partitioning {
        @Override
        public String word() {
            return className;
        }
    }
}
