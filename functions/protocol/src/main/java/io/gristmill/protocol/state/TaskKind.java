package io.gristmill.protocol.state;

/** The two kinds of task: map tasks read splits, reduce tasks read one partition of every map output. */
public enum TaskKind {
    MAP("m-"),
    REDUCE("r-");

    private final String prefix;

    TaskKind(String prefix) {
        this.prefix = prefix;
    }

    /** How task names start: {@code m-00003}, {@code r-00001}. */
    public String prefix() {
        return prefix;
    }

    /** The word in messages, logs and fault points: {@code map}, {@code reduce}. */
    public String word() {
        return this == MAP ? "map" : "reduce";
    }
}
