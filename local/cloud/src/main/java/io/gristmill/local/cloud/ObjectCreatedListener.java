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

    ObjectCreatedListener NONE = event -> {};

    void objectCreated(ObjectCreated event);
}
