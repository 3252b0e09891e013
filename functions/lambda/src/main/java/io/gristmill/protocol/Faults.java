package io.gristmill.protocol;

import io.gristmill.api.Emitter;
import io.gristmill.api.InputRecord;
import io.gristmill.api.Mapper;
import io.gristmill.api.Reducer;
import io.gristmill.api.TaskContext;
import io.gristmill.engine.job.Chaos;

/**
 * The faults one attempt will suffer, decided up front from the job's {@link Chaos} settings, the
 * task and the delivery (so the same seed makes the same faults): where it crashes, how long it
 * sleeps inside the user function, and whether it straggles.
 */
public final class Faults {
    public static final Faults NONE = new Faults(null, Chaos.NONE, true, 0, 1, null, 0, false, "halt");

    private final String jobId;
    private final Chaos chaos;
    private final boolean map;
    private final int task;
    private final int delivery;
    private final String crashStep;
    private final long delayMillis;
    private final boolean straggler;
    private final String crashMode;

    private Faults(String jobId, Chaos chaos, boolean map, int task, int delivery, String crashStep, long delayMillis,
            boolean straggler, String crashMode) {
        this.jobId = jobId;
        this.chaos = chaos;
        this.map = map;
        this.task = task;
        this.delivery = delivery;
        this.crashStep = crashStep;
        this.delayMillis = delayMillis;
        this.straggler = straggler;
        this.crashMode = crashMode;
    }

    /** The faults of one delivery of a map or reduce task. */
    public static Faults forTask(String jobId, Chaos chaos, boolean map, int task, int delivery, int maps,
            int reducers, String crashMode) {
        if (!chaos.active()) return NONE;
        return new Faults(jobId, chaos, map, task, delivery, chaos.crashStep(map, task, delivery),
                chaos.delayMillis(map, task, delivery),
                delivery == 1 && chaos.straggles(map, task, maps, reducers), crashMode);
    }

    /** The coordinator only crashes at named points. */
    public static Faults forCoordinator(String jobId, Chaos chaos, int delivery, String crashMode) {
        if (!chaos.active()) return NONE;
        return new Faults(jobId, chaos, true, -1, delivery, null, 0, false, crashMode);
    }

    /** Whether any fault is injected in this job (some steps are split only then, to have a point between). */
    public boolean active() {
        return chaos.active();
    }

    /** Whether this attempt dies at the point: its random crash step, or a named point on a first delivery. */
    private boolean crashesAt(String point) {
        return point.equals(crashStep) || (delivery == 1 && chaos.crashAt().contains(point));
    }

    /** Crashes here if this attempt is to die at this point. */
    public void at(String point) {
        if (chaos == Chaos.NONE) return;
        if (crashesAt(point)) crash(point);
        String input = point.startsWith("map.") ? "map.input" : "reduce.input";
        if (point.endsWith(".beforeCommit") && crashesAt(input)) {
            crash(input + " (after its last record)"); // the input had fewer records than the crash awaited
        }
    }

    /** Sleeps nine times the work so far when this attempt is a straggler: ten times slower in all. */
    public void straggle(long elapsedMillis) {
        if (!straggler) return;
        Log.info(jobId, label(), "chaos: straggling for " + 9 * elapsedMillis + " ms");
        sleep(9 * elapsedMillis);
    }

    private void crash(String where) {
        Log.warn(jobId, label(), "chaos: crashing at " + where + " (delivery " + delivery + ")");
        System.out.flush();
        if ("throw".equals(crashMode)) throw new SimulatedCrash(where);
        Runtime.getRuntime().halt(137); // on Lambda and in the process runtime: the instance dies
    }

    private String label() {
        return task < 0 ? null : (map ? "m-" : "r-") + String.format("%05d", task);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many records the random "input" crash waits for: up to a few hundred. */
    private int recordsBeforeInputCrash() {
        return 1 + chaos.random("records", map, task, delivery).nextInt(300);
    }

    public Mapper wrap(Mapper mapper) {
        if (chaos == Chaos.NONE) return mapper;
        int crashAfter = crashesAt("map.input") ? recordsBeforeInputCrash() : -1;
        return new Mapper() {
            private long records;

            @Override
            public void setup(TaskContext context) throws Exception {
                mapper.setup(context);
            }

            @Override
            public void map(InputRecord record, Emitter output) throws Exception {
                if (records++ == 0 && delayMillis > 0) sleep(delayMillis);
                if (records == crashAfter) crash("map.input (record " + records + ")");
                mapper.map(record, output);
            }

            @Override
            public void cleanup(Emitter output) throws Exception {
                mapper.cleanup(output);
            }
        };
    }

    public Reducer wrap(Reducer reducer) {
        if (chaos == Chaos.NONE) return reducer;
        int crashAfter = crashesAt("reduce.input") ? recordsBeforeInputCrash() : -1;
        return new Reducer() {
            private long keys;

            @Override
            public void setup(TaskContext context) throws Exception {
                reducer.setup(context);
            }

            @Override
            public void reduce(String key, Iterable<String> values, Emitter output) throws Exception {
                if (keys++ == 0 && delayMillis > 0) sleep(delayMillis);
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
