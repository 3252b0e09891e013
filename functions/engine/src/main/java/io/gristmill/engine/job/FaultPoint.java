package io.gristmill.engine.job;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The places between two steps of the protocol where chaos can crash an attempt ({@code --chaos
 * at=map.afterCommit}). Each is a moment after which the work done so far must be found and finished
 * by the redelivered message; the crash-point tests run a job through each.
 */
public enum FaultPoint {
    COORDINATOR_BEFORE_CREATE("coordinator.beforeCreate"),
    COORDINATOR_AFTER_CREATE("coordinator.afterCreate"),
    COORDINATOR_AFTER_PLAN("coordinator.afterPlan"),
    COORDINATOR_AFTER_SEND("coordinator.afterSend"),
    MAP_START("map.start"),
    MAP_INPUT("map.input"),
    MAP_BEFORE_COMMIT("map.beforeCommit"),
    MAP_AFTER_COMMIT("map.afterCommit"),
    MAP_AFTER_DONE("map.afterDone"),
    MAP_AFTER_ADD("map.afterAdd"),
    MAP_AFTER_PHASE_CHANGE("map.afterPhaseChange"),
    MAP_MID_SEND("map.midSend"),
    MAP_AFTER_SEND("map.afterSend"),
    REDUCE_START("reduce.start"),
    REDUCE_INPUT("reduce.input"),
    REDUCE_BEFORE_COMMIT("reduce.beforeCommit"),
    REDUCE_AFTER_COMMIT("reduce.afterCommit"),
    REDUCE_AFTER_DONE("reduce.afterDone"),
    REDUCE_AFTER_ADD("reduce.afterAdd"),
    PUBLISH_MID_COPY("publish.midCopy"),
    PUBLISH_AFTER_COPY("publish.afterCopy"),
    PUBLISH_AFTER_SUMMARY("publish.afterSummary"),
    PUBLISH_AFTER_SUCCESS("publish.afterSuccess"),
    /** In a pipeline: after the next stage was asked to start, before this stage is marked SUCCEEDED. */
    PUBLISH_AFTER_NEXT_STAGE("publish.afterNextStage");

    /** The steps every map and reduce attempt goes through, in order; a random crash picks one. */
    public enum Step {
        START,
        INPUT,
        BEFORE_COMMIT,
        AFTER_COMMIT,
        AFTER_DONE,
        AFTER_ADD
    }

    /** The steps of a task attempt's own work, one of which a random {@code crash=P} picks. */
    public static final List<Step> RANDOM_CRASH_STEPS =
            List.of(Step.START, Step.INPUT, Step.BEFORE_COMMIT, Step.AFTER_COMMIT, Step.AFTER_DONE);

    private final String id;

    FaultPoint(String id) {
        this.id = id;
    }

    /** How people write it: {@code map.afterCommit}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    /** The point of a task attempt's step: {@code map.start}, {@code reduce.afterAdd}... */
    public static FaultPoint of(boolean map, Step step) {
        return valueOf((map ? "MAP_" : "REDUCE_") + step.name());
    }

    /** Reads {@link #id()}; the message lists the points. */
    public static FaultPoint parse(String id) {
        for (FaultPoint p : values()) {
            if (p.id.equals(id)) return p;
        }
        throw new IllegalArgumentException("unknown crash point '" + id + "'; the points are "
                + String.join(", ", Arrays.stream(values()).map(FaultPoint::id).toList()));
    }

    /** Whether only a pipeline's stage reaches this point (a single job never does). */
    public boolean pipelineOnly() {
        return this == PUBLISH_AFTER_NEXT_STAGE;
    }

    /** Whether this is a map or reduce attempt's point (rather than the coordinator's or publication's). */
    public boolean isTaskStep() {
        String n = name().toLowerCase(Locale.ROOT);
        return n.startsWith("map_") || n.startsWith("reduce_");
    }
}
