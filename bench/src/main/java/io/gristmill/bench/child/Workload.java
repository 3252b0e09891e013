package io.gristmill.bench.child;

/** What a child JVM computes; each is Gristmill's built-in app of the same name. */
public enum Workload {
    WORDCOUNT("wordcount", false),
    INDEXER("indexer", false),
    SORT("sort", true);

    private final String app;
    private final boolean ordered;

    Workload(String app, boolean ordered) {
        this.app = app;
        this.ordered = ordered;
    }

    /** The Gristmill app. */
    public String app() {
        return app;
    }

    /** Whether the output's line order is part of the result (a sort), or only its set of lines. */
    public boolean ordered() {
        return ordered;
    }

    public static Workload of(String name) {
        for (Workload w : values()) if (w.app.equals(name)) return w;
        throw new IllegalArgumentException("unknown workload '" + name + "'");
    }
}
