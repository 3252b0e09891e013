package io.gristmill.local.cloud;

import io.gristmill.protocol.message.ObjectCreated;

/**
 * Receives the local S3's object-created notifications, which real S3 would deliver to SQS but no emulator
 * delivers (docs/architecture.md, "The local cloud").
 *
 * <p>Called on the S3 request thread, after the object is stored and before the client gets its response, so
 * a client that sees its PUT succeed can rely on the event having been handed over. Calls can be concurrent.
 * Exceptions are logged and never fail the S3 request. Keep it quick: it delays the S3 response.
 */
@FunctionalInterface
public interface ObjectCreatedListener {

    ObjectCreatedListener NONE = new ObjectCreatedListener() {
        @Override
        public void objectCreated(ObjectCreated event) {}

        @Override
        public boolean wants(String bucket, String key) {
            return false;
        }
    };

    /** Takes the event; an exception means it was not delivered (a durable S3 tries again at its next start). */
    void objectCreated(ObjectCreated event);

    /** Whether an object created under this key would be delivered anywhere (asked before it is written). */
    default boolean wants(String bucket, String key) {
        return true;
    }
}
