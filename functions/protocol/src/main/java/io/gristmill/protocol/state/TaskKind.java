package io.gristmill.protocol.state;

/**
 * The kinds of task: map tasks read splits, merge tasks (a two-level shuffle's) merge a group of map
 * outputs into one, reduce tasks read one partition of every map (or merge) output.
 */
public enum TaskKind {
    MAP("m-"),
    MERGE("g-"),
    REDUCE("r-");

    private final String prefix;

    TaskKind(String prefix) {
        this.prefix = prefix;
    }

    /** How task names start: {@code m-00003}, {@code r-00001}. */
    public String prefix() {
        return prefix;
    }

    /** The word in messages, logs and fault points: {@code map}, {@code merge}, {@code reduce}. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
