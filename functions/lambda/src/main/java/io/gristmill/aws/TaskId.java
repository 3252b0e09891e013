package io.gristmill.aws;

/** A task of a job: map task {@code m-00003} or reduce task {@code r-00001}. */
public record TaskId(Kind kind, int index) {
    public enum Kind {
        MAP("MAP#", "m-"),
        REDUCE("REDUCE#", "r-");

        final String sortPrefix;
        final String shortPrefix;

        Kind(String sortPrefix, String shortPrefix) {
            this.sortPrefix = sortPrefix;
            this.shortPrefix = shortPrefix;
        }

        public String sortPrefix() {
            return sortPrefix;
        }
    }

    public static TaskId map(int index) {
        return new TaskId(Kind.MAP, index);
    }

    public static TaskId reduce(int index) {
        return new TaskId(Kind.REDUCE, index);
    }

    /** The table's sort key; six digits keep up to a million tasks in order. */
    public String sortKey() {
        return kind.sortPrefix + String.format("%06d", index);
    }

    public static TaskId fromSortKey(String sk) {
        for (Kind k : Kind.values()) {
            if (sk.startsWith(k.sortPrefix)) return new TaskId(k, Integer.parseInt(sk.substring(k.sortPrefix.length())));
        }
        throw new IllegalArgumentException("not a task key: " + sk);
    }

    /** What people see: {@code m-00003}. */
    @Override
    public String toString() {
        return kind.shortPrefix + String.format("%05d", index);
    }
}
