package io.backstream.scheduler.domain;

/** Where a backup is, as far as the scheduler has seen from {@code backup.events}; never moves backwards. */
public enum BackupStatus {
    REQUESTED,
    SNAPSHOTTING,
    UPLOADING,
    COMPLETED,
    FAILED,
    SKIPPED;

    /** Whether nothing more will happen to the backup. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == SKIPPED;
    }
}
