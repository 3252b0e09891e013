package io.gristmill.protocol.state;

/** A task of a job: map task {@code m-00003}, merge task {@code g-00002} or reduce task {@code r-00001}. */
public record TaskId(TaskKind kind, int index) {

    public static TaskId map(int index) {
        return new TaskId(TaskKind.MAP, index);
    }

    public static TaskId merge(int index) {
        return new TaskId(TaskKind.MERGE, index);
    }

    public static TaskId reduce(int index) {
        return new TaskId(TaskKind.REDUCE, index);
    }

    /** Reads what {@link #toString} writes. */
    public static TaskId parse(String name) {
        for (TaskKind k : TaskKind.values()) {
            if (name.startsWith(k.prefix()))
                return new TaskId(k, Integer.parseInt(name.substring(k.prefix().length())));
        }
        throw new IllegalArgumentException("not a task name: " + name);
    }

    /** What people see: {@code m-00003}. */
    @Override
    public String toString() {
        return kind.prefix() + String.format("%05d", index);
    }
}
