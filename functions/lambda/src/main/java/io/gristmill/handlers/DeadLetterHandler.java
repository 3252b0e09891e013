package io.gristmill.handlers;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.protocol.DeadLetters;
import io.gristmill.protocol.Delivery;
import java.util.Map;

/** Consumes the dead-letter queues: a task or upload that exhausted its attempts fails its job. */
public final class DeadLetterHandler extends SqsHandler {
    private final DeadLetters deadLetters = new DeadLetters(cloud);

    public DeadLetterHandler() {
        super();
    }

    public DeadLetterHandler(Map<String, String> env) {
        super(env);
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message, Delivery delivery) throws Exception {
        deadLetters.onDeadLetter(message.getBody());
    }
}
