package io.gristmill.protocol;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.Reducer;
import io.gristmill.api.TaskContext;
import io.gristmill.engine.job.Chaos;
import io.gristmill.engine.job.FaultPoint;
import io.gristmill.protocol.cloud.Clock;

/**
 * The faults one attempt will suffer, decided up front from the job's {@link Chaos} settings, the
 * task and the delivery (so the same seed makes the same faults): where it crashes, how long it
 * sleeps inside the user function, and whether it straggles.
 */
public final class Faults {
    private static final Faults NONE = new Faults(null, Chaos.NONE, true, 0, 1, null, 0, false, null, null);

    private final String jobId;
    private final Chaos chaos;
    private final boolean map;
    private final int task;
    private final int delivery;
    private final FaultPoint crashPoint;
    private final long delayMillis;
    private final boolean straggler;
    private final Cloud.CrashMode crashMode;
    private final Clock clock;

    private Faults(
            String jobId,
            Chaos chaos,
            boolean map,
            int task,
            int delivery,
            FaultPoint crashPoint,
            long delayMillis,
            boolean straggler,
            Cloud.CrashMode crashMode,
            Clock clock) {
        this.jobId = jobId;
        this.chaos = chaos;
        this.map = map;
        this.task = task;
        this.delivery = delivery;
        this.crashPoint = crashPoint;
        this.delayMillis = delayMillis;
        this.straggler = straggler;
        this.crashMode = crashMode;
        this.clock = clock;
    }

    /** No faults at all. */
    public static Faults none() {
        return NONE;
    }

    /** The faults of one delivery of a map or reduce task. */
    static Faults forTask(
            Cloud cloud, String jobId, Chaos chaos, boolean map, int task, int delivery, int maps, int reducers) {
        if (!chaos.active()) return NONE;
        return new Faults(
                jobId,
                chaos,
                map,
                task,
                delivery,
                chaos.crashPoint(map, task, delivery),
                chaos.delayMillis(map, task, delivery),
                delivery == 1 && chaos.straggles(map, task, maps, reducers),
                cloud.crashMode(),
                cloud.clock());
    }

    /** The coordinator only crashes at named points. */
    static Faults forCoordinator(Cloud cloud, String jobId, Chaos chaos, int delivery) {
        if (!chaos.active()) return NONE;
        return new Faults(jobId, chaos, true, -1, delivery, null, 0, false, cloud.crashMode(), cloud.clock());
    }

    /** Whether any fault is injected in this job (some steps are split only then, to have a point between). */
    boolean active() {
        return chaos.active();
    }

    /** Whether this attempt dies at the point: its random crash point, or a named point on a first delivery. */
    private boolean crashesAt(FaultPoint point) {
        return point == crashPoint || (delivery == 1 && chaos.crashAt().contains(point));
    }

    /** Crashes here if this attempt is to die at this point. */
    void at(FaultPoint point) {
        if (chaos == Chaos.NONE) return;
        if (crashesAt(point)) crash(point.id());
        FaultPoint input = point.id().startsWith("map.") ? FaultPoint.MAP_INPUT : FaultPoint.REDUCE_INPUT;
        if ((point == FaultPoint.MAP_BEFORE_COMMIT || point == FaultPoint.REDUCE_BEFORE_COMMIT) && crashesAt(input)) {
            crash(input.id() + " (after its last record)"); // the input had fewer records than the crash awaited
        }
    }

    /** The point of one of a task attempt's steps. */
    void at(FaultPoint.Step step) {
        if (chaos != Chaos.NONE) at(FaultPoint.of(map, step));
    }

    /** Sleeps nine times the work so far when this attempt is a straggler: ten times slower in all. */
    void straggle(long elapsedMillis) {
        if (!straggler) return;
        Log.info(jobId, label(), "chaos: straggling for " + 9 * elapsedMillis + " ms");
        clock.sleep(9 * elapsedMillis);
    }

    private void crash(String where) {
        Log.warn(jobId, label(), "chaos: crashing at " + where + " (delivery " + delivery + ")");
        System.out.flush();
        if (crashMode == Cloud.CrashMode.THROW) throw new SimulatedCrash(where);
        Runtime.getRuntime().halt(137); // on Lambda and in the process runtime: the instance dies
    }

    private String label() {
        return task < 0 ? null : (map ? "m-" : "r-") + String.format("%05d", task);
    }

    /** How many records the random "input" crash waits for: up to a few hundred. */
    private int recordsBeforeInputCrash() {
        return 1 + chaos.random("records", map, task, delivery).nextInt(300);
    }

    Mapper wrap(Mapper mapper) {
        if (chaos == Chaos.NONE) return mapper;
        int crashAfter = crashesAt(FaultPoint.MAP_INPUT) ? recordsBeforeInputCrash() : -1;
        return new Mapper() {
            private long records;

            @Override
            public void setup(TaskContext context) throws Exception {
                mapper.setup(context);
            }

            @Override
            public void map(InputRecord record, Emitter output) throws Exception {
                if (records++ == 0 && delayMillis > 0) clock.sleep(delayMillis);
                if (records == crashAfter) crash("map.input (record " + records + ")");
                mapper.map(record, output);
            }

            @Override
            public void cleanup(Emitter output) throws Exception {
                mapper.cleanup(output);
            }
        };
    }

    Reducer wrap(Reducer reducer) {
        if (chaos == Chaos.NONE) return reducer;
        int crashAfter = crashesAt(FaultPoint.REDUCE_INPUT) ? recordsBeforeInputCrash() : -1;
        return new Reducer() {
            private long keys;

            @Override
            public void setup(TaskContext context) throws Exception {
                reducer.setup(context);
            }

            @Override
            public void reduce(String key, Iterable<String> values, Emitter output) throws Exception {
                if (keys++ == 0 && delayMillis > 0) clock.sleep(delayMillis);
                if (keys == crashAfter) crash("reduce.input (key " + keys + ")");
                reducer.reduce(key, values, output);
            }

            @Override
            public void cleanup(Emitter output) throws Exception {
                reducer.cleanup(output);
            }
        };
    }
}
