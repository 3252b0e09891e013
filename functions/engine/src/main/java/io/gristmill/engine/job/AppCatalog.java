package io.gristmill.engine.job;

import java.util.List;
import java.util.Optional;

/** The apps that ship with Gristmill, by name. */
public final class AppCatalog {
    private static final String P = "io.gristmill.apps.";

    private static final List<App> APPS = List.of(
            new App(
                    "wordcount",
                    "counts words (maximal runs of letters, case kept)",
                    P + "WordCountMapper",
                    P + "SumReducer",
                    P + "SumReducer",
                    "hash",
                    List.of()),
            new App(
                    "grep",
                    "emits the lines matching --param pattern=REGEX (a Java regex), keyed by source:offset",
                    P + "GrepMapper",
                    P + "IdentityReducer",
                    null,
                    "hash",
                    List.of("pattern")),
            new App(
                    "indexer",
                    "for each word, the number of input objects containing it and their sorted names",
                    P + "IndexerMapper",
                    P + "IndexerReducer",
                    P + "DistinctCombiner",
                    "hash",
                    List.of()),
            new App(
                    "sort",
                    "sorts lines (Java String order, duplicates kept) into parts that concatenate in order",
                    P + "SortMapper",
                    P + "SortReducer",
                    null,
                    "range",
                    List.of()));

    private AppCatalog() {}

    public static List<App> all() {
        return APPS;
    }

    public static Optional<App> find(String name) {
        return APPS.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public static String names() {
        return String.join(", ", APPS.stream().map(App::name).toList());
    }
}
