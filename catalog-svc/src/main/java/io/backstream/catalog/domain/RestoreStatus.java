package io.backstream.catalog.domain;

/** Lifecycle of a restore; like backups, a restore never moves back to an earlier constant. */
public enum RestoreStatus {
    REQUESTED,
    RUNNING,
    COMPLETED,
    FAILED;

    /** Whether the restore is over. */
    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }
}
