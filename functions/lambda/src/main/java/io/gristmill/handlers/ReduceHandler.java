package io.gristmill.handlers;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.ReduceWorker;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.message.TaskMessage;
import java.util.Map;

/** The reduce function: one reduce task per message; the last one publishes the job's output. */
public final class ReduceHandler extends SqsHandler {
    private final ReduceWorker worker = new ReduceWorker(cloud);

    public ReduceHandler() {
        super();
    }

    public ReduceHandler(Map<String, String> env) {
        super(env);
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message, Delivery delivery) throws Exception {
        worker.run((ReduceMessage) TaskMessage.parse(message.getBody()), delivery);
    }
}
