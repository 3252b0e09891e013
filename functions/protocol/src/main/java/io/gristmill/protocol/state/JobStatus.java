package io.gristmill.protocol.state;

/**
 * A job's state. {@code PLANNING -> MAPPING -> REDUCING -> SUCCEEDED}, with {@code MERGING} between
 * MAPPING and REDUCING in a two-level shuffle, or {@code FAILED} from any state before SUCCEEDED. Every transition is a conditional write on the job's item, so it happens
 * once however many duplicate messages race to make it.
 */
public enum JobStatus {
    PLANNING,
    MAPPING,
    MERGING,
    REDUCING,
    SUCCEEDED,
    FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
