package io.backstream.scheduler.domain;

/**
 * Where a backup is in the scheduler's {@link BackupLedger}, as far as it has seen from {@code backup.events}; never
 * moves backwards. The catalog's status of a backup goes on to DELETING and DELETED; this one ends with the run.
 */
public enum LedgerStatus {
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
