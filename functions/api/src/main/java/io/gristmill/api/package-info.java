/**
 * The user-facing API of Gristmill: implement {@link io.gristmill.api.Mapper} and
 * {@link io.gristmill.api.Reducer} (optionally {@link io.gristmill.api.Combiner} and
 * {@link io.gristmill.api.Partitioner}), name the classes in a job, and Gristmill runs them on
 * AWS Lambda or on the local cloud. This package has no dependencies.
 *
 * <p>Keys and values are strings. Within a reduce partition, keys arrive in {@link String#compareTo}
 * order, each once, with all of its values.
 */
package io.gristmill.api;
