package io.gristmill.protocol.state;

/** A pipeline runs until its last stage succeeds or any stage fails; no stage starts after that. */
public enum PipelineStatus {
    RUNNING,
    SUCCEEDED,
    FAILED;

    public boolean finished() {
        return this != RUNNING;
    }
}
