package io.gristmill.engine.job;

import java.util.List;

/**
 * A built-in app: a name for a mapper, reducer, optional combiner and partitioner.
 *
 * @param partitioner {@code hash}, {@code range} or a class name
 * @param requiredParams parameters the app cannot run without
 * @param usage one line for {@code --help}
 */
public record App(
        String name,
        String usage,
        String mapper,
        String reducer,
        String combiner,
        String partitioner,
        List<String> requiredParams) {}
