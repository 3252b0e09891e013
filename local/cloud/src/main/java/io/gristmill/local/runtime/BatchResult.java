package io.gristmill.local.runtime;

import java.util.Set;

/**
 * How an invocation on a batch of messages ended, as an event source mapping sees it.
 *
 * @param retry the ids of the messages to leave on the queue (every message when the function
 *     failed: Lambda then deletes none of the batch)
 * @param error the function error (e.g. {@code Task timed out after 900.00 seconds}), or null
 * @param coldStart whether a new instance was started for this invocation
 */
public record BatchResult(Set<String> retry, String error, boolean coldStart, long millis) {}
