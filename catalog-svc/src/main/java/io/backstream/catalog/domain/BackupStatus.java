package io.backstream.catalog.domain;

/**
 * Lifecycle of a backup in the catalog. A backup only ever moves to a later stage: the order of the
 * constants is the order of the stages, COMPLETED, FAILED and SKIPPED share one stage, and so do
 * DELETING and PARTLY_DELETED (a partly deleted backup is marked DELETING again to finish the delete).
 */
public enum BackupStatus {
    REQUESTED(0),
    SNAPSHOTTING(1),
    UPLOADING(2),
    COMPLETED(3),
    FAILED(3),
    SKIPPED(3),
    DELETING(4),
    /** A delete removed some of the backup's objects but not all: never restorable again, deleted again later. */
    PARTLY_DELETED(4),
    DELETED(5);

    private final int stage;

    BackupStatus(int stage) {
        this.stage = stage;
    }

    /** Whether the backup run is over (successfully or not); deletion states count as over too. */
    public boolean isFinished() {
        return stage >= COMPLETED.stage;
    }

    /** Whether a backup in this state may still be closed by a timeout. */
    public boolean isInProgress() {
        return !isFinished();
    }
}
