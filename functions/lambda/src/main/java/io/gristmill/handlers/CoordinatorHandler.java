package io.gristmill.handlers;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.aws.Settings;
import io.gristmill.protocol.Coordinator;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.message.ObjectCreated;
import io.gristmill.protocol.message.StageMessage;
import java.util.Map;

/** The coordinator function: S3 ObjectCreated notifications (via SQS) start jobs; stage messages start a pipeline's next stage. */
public final class CoordinatorHandler extends SqsHandler {
    private final Coordinator coordinator = new Coordinator(cloud);

    public CoordinatorHandler() {
        super();
    }

    public CoordinatorHandler(Map<String, String> env) {
        super(env);
    }

    /** Planning also needs the tasks' /tmp and the two-level shuffle's threshold. */
    @Override
    Settings settings(Map<String, String> env) {
        return Settings.from(env).withPlanning(env);
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message, Delivery delivery) throws Exception {
        if (StageMessage.isStage(message.getBody())) {
            coordinator.onStage(StageMessage.parse(message.getBody()), delivery);
            return;
        }
        for (ObjectCreated event : ObjectCreated.parse(message.getBody())) {
            coordinator.onObjectCreated(event, delivery);
        }
    }
}
