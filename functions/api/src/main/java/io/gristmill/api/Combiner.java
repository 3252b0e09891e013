package io.gristmill.api;

/**
 * An optional partial reduce run on the map side, to shrink intermediate data (e.g. summing word
 * counts before they cross the network).
 *
 * <p>Gristmill may apply it zero, one or several times to any subset of a key's values, so it must
 * be associative and commutative, and it must emit pairs under the key it was given.
 *
 * <p>A {@link Reducer} whose reduce is associative and commutative (a sum, a maximum) needs no
 * second method: name its class as the job's combiner and Gristmill combines by calling
 * {@code reduce}.
 */
public interface Combiner extends JobFunction {

    void combine(String key, Iterable<String> values, Emitter output) throws Exception;
}
