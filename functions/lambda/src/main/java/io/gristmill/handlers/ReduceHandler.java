package io.gristmill.handlers;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.gristmill.protocol.Delivery;
import io.gristmill.protocol.MergeWorker;
import io.gristmill.protocol.ReduceWorker;
import io.gristmill.protocol.message.MergeMessage;
import io.gristmill.protocol.message.ReduceMessage;
import io.gristmill.protocol.message.TaskMessage;
import java.util.Map;

/**
 * The reduce function: one reduce task per message, the last of which publishes the job's output;
 * in a two-level shuffle, also the merge tasks that come before them (on the same queue).
 */
public final class ReduceHandler extends SqsHandler {
    private final ReduceWorker worker = new ReduceWorker(cloud);
    private final MergeWorker merges = new MergeWorker(cloud);

    public ReduceHandler() {
        super();
    }

    public ReduceHandler(Map<String, String> env) {
        super(env);
    }

    @Override
    protected void handle(SQSEvent.SQSMessage message, Delivery delivery) throws Exception {
        TaskMessage task = TaskMessage.parse(message.getBody());
        if (task instanceof MergeMessage merge) merges.run(merge, delivery);
        else worker.run((ReduceMessage) task, delivery);
    }
}
