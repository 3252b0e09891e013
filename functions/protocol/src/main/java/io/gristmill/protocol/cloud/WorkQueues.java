package io.gristmill.protocol.cloud;

import io.gristmill.protocol.Delivery;
import java.io.IOException;
import java.util.List;

/** The task queues: at-least-once delivery, and messages that stay hidden while an attempt works. */
public interface WorkQueues {

    /** Sends every message (in batches of ten on SQS); fails only when some could not be sent. */
    void send(WorkQueue queue, List<String> messages) throws IOException;

    /**
     * Hides a received message for {@code seconds} from now: a lease while an attempt works, or the
     * delay before a failed one is retried. Fails when the delivery is no longer current (the
     * message was received again since).
     */
    void hide(Delivery delivery, int seconds) throws IOException;
}
