package io.gristmill.local.runtime;

import java.util.Map;

/** A message received from SQS, as an event source mapping hands it to a function. */
public record QueueMessage(
        String messageId, String receiptHandle, String body, String md5OfBody, Map<String, String> attributes) {}
