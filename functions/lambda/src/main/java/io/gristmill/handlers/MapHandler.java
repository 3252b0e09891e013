package io.gristmill.handlers;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.MapWorker;
import io.gristmill.protocol.message.MapMessage;
import io.gristmill.protocol.message.TaskMessage;
import java.util.Map;

/** The map function: one map task per message. */
public final class MapHandler extends SqsHandler {
    private final MapWorker worker = new MapWorker(cloud);

    public MapHandler() {
        super();
    }

    public MapHandler(Map<String, String> env) {
        super(env);
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message, Delivery delivery) throws Exception {
        worker.run((MapMessage) TaskMessage.parse(message.getBody()), delivery);
    }
}
