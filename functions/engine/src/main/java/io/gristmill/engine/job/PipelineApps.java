package io.gristmill.engine.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The pipelines that ship with Gristmill, by name, built from the parameters a user passes. */
public final class PipelineApps {
    private static final String P = "io.gristmill.apps.";

    /** A built-in pipeline: its name, what it computes, and the parameters it takes. */
    public record Info(String name, String usage, Set<String> params) {}

    private static final List<Info> ALL = List.of(
            new Info(
                    "topwords",
                    "the k most frequent words, most frequent first (--param k=100; a pipeline:"
                            + " wordcount, then sort by count)",
                    Set.of("k")),
            new Info(
                    "pagerank",
                    "PageRank of a graph given as src<TAB>dst lines, repeated until no rank moves by"
                            + " more than --param epsilon (a pipeline: --param iterations=30, damping=0.85)",
                    Set.of("iterations", "damping", "epsilon")));

    private PipelineApps() {}

    public static List<Info> all() {
        return ALL;
    }

    public static boolean isPipeline(String name) {
        return ALL.stream().anyMatch(i -> i.name().equals(name));
    }

    /**
     * The pipeline of a built-in name over the given input, with the user's parameters checked.
     *
     * @param reducers R of the stages that can use several reduce tasks, or null for the stack's default
     */
    public static Optional<Pipeline> build(
            String name, Map<String, String> params, List<String> input, String output, Integer reducers)
            throws JobSpecException {
        Optional<Info> info = ALL.stream().filter(i -> i.name().equals(name)).findFirst();
        if (info.isEmpty()) return Optional.empty();
        for (String p : params.keySet()) {
            if (!info.get().params().contains(p)) {
                throw new JobSpecException("pipeline '" + name + "' has no parameter '" + p + "'; its parameters are "
                        + String.join(", ", info.get().params()));
            }
        }
        return Optional.of(
                switch (name) {
                    case "topwords" -> topWords(params, input, output, reducers);
                    default -> pageRank(params, input, output, reducers);
                });
    }

    private static Pipeline topWords(Map<String, String> params, List<String> input, String output, Integer reducers)
            throws JobSpecException {
        long k = whole(params.getOrDefault("k", "10"), "k");
        Manifest count = Manifest.builder().app("wordcount").reducers(reducers).build();
        // One reduce task sees the whole order, so its first k lines are the top k.
        Manifest top = Manifest.builder()
                .app("sort")
                .reducers(1)
                .params(Map.of("by", "value", "order", "desc", "numeric", "true", "limit", Long.toString(k)))
                .build();
        return new Pipeline(
                "topwords",
                input,
                output,
                List.of(new Pipeline.Stage("count", count, -1, 1, null), new Pipeline.Stage("top", top, 0, 1, null)),
                null);
    }

    private static Pipeline pageRank(Map<String, String> params, List<String> input, String output, Integer reducers)
            throws JobSpecException {
        long iterations = whole(params.getOrDefault("iterations", "30"), "iterations");
        if (iterations < 1 || iterations > Pipeline.MAX_REPEAT) {
            throw new JobSpecException("parameter 'iterations' must be between 1 and " + Pipeline.MAX_REPEAT);
        }
        Map<String, String> rankParams = new java.util.TreeMap<>();
        if (params.containsKey("damping")) rankParams.put("damping", params.get("damping"));
        if (params.containsKey("epsilon")) rankParams.put("epsilon", params.get("epsilon"));
        Manifest graph = Manifest.builder()
                .mapper(P + "PageRankInitMapper")
                .reducer(P + "PageRankInitReducer")
                .reducers(reducers)
                .build();
        Manifest rank = Manifest.builder()
                .mapper(P + "PageRankMapper")
                .reducer(P + "PageRankReducer")
                .reducers(reducers)
                .params(rankParams)
                .build();
        return new Pipeline(
                "pagerank",
                input,
                output,
                List.of(
                        new Pipeline.Stage("graph", graph, -1, 1, null),
                        new Pipeline.Stage(
                                "rank",
                                rank,
                                0,
                                (int) iterations,
                                iterations > 1 ? new Pipeline.Until("changed", 0) : null)),
                null);
    }

    private static long whole(String value, String name) throws JobSpecException {
        try {
            long v = Long.parseLong(value.trim());
            if (v < 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new JobSpecException(
                    "parameter '" + name + "' must be a whole number of at least 1, not '" + value + "'");
        }
    }
}
