package io.gristmill.handlers;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.engine.json.Json;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.ReduceMessage;
import io.gristmill.protocol.ReduceWorker;
import java.util.Map;

/** The reduce function: one reduce task per message; the last one publishes the job's output. */
public final class ReduceHandler extends SqsHandler {
    private final ReduceWorker worker = new ReduceWorker(services);

    public ReduceHandler() {
        super();
    }

    public ReduceHandler(Map<String, String> env) {
        super(env);
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message, Delivery delivery) throws Exception {
        worker.run(ReduceMessage.fromMap(Json.parseObject(message.getBody())), delivery);
    }
}
