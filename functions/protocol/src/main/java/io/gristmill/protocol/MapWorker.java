package io.gristmill.protocol;

import io.gristmill.engine.input.Split;
import io.gristmill.engine.task.JobFunctions;
import io.gristmill.protocol.message.MapMessage;
import java.nio.file.Path;

/**
 * A map attempt: read the split (one ranged GET), run the map function, and commit one object
 * holding all R sorted partitions and a footer with their lengths.
 */
public final class MapWorker extends TaskWorker<MapMessage> {
    private final TaskRunner runner;

    public MapWorker(Cloud cloud) {
        this(cloud, TaskRunner.ENGINE);
    }

    public MapWorker(Cloud cloud, TaskRunner runner) {
        super(cloud);
        this.runner = runner;
    }

    @Override
    protected String describeInput(MapMessage msg) {
        Split s = msg.split();
        return s.gzip()
                ? s.name() + " (gzip, " + s.objectSize() + " bytes)"
                : s.name() + " bytes " + s.start() + "-" + s.end();
    }

    @Override
    protected TaskOutput produce(MapMessage msg, Delivery delivery, JobFunctions functions, Path dir) throws Exception {
        return runner.map(cloud, msg, delivery, functions, dir);
    }

    @Override
    protected void committed(MapMessage msg, Long durationMillis, Faults faults) throws Exception {
        progress.mapCommitted(msg.jobId(), msg.task(), msg.maps(), msg.spec(), durationMillis, faults);
    }
}
