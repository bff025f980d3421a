package io.backstream.catalog.domain;

import io.backstream.schema.BackupCompletion;
import io.backstream.schema.event.BackupDeleteFailed;
import io.backstream.schema.event.BackupDeleted;
import io.backstream.schema.event.BackupDiscovered;
import io.backstream.schema.event.BackupRequested;
import io.backstream.schema.event.BackupVerificationFailed;
import io.backstream.schema.event.BackupVerified;
import io.backstream.schema.event.DeleteRequested;
import io.backstream.schema.event.SnapshotCompleted;
import io.backstream.schema.event.SnapshotFailed;
import io.backstream.schema.event.SnapshotSkipped;
import io.backstream.schema.event.SnapshotStarted;
import io.backstream.schema.event.UploadCompleted;
import io.backstream.schema.event.UploadFailed;

import java.time.Instant;
import java.util.Objects;

import static io.backstream.catalog.domain.BackupDraft.or;

/**
 * The backup state machine: how one lifecycle event changes a backup. It names the event and its backup and
 * hands it to {@link RunTransitions} (the run up to its outcome) or {@link ArchiveTransitions} (verification and
 * deletion of the archive).
 *
 * <p>Callers may rely on: an event that disagrees with the backup's record is refused before anything of it is
 * applied ({@link LifecycleChecks}, {@link LifecycleEventRefused}); the first event of a backup creates it,
 * whichever it is (but a deletion event never does); a duplicate or late event
 * never moves a backup to an earlier stage; a run is COMPLETED only once both the snapshot and the upload
 * have been reported and their sizes, chunk counts and SHA-256 agree, otherwise FAILED with
 * {@value #CHECKSUM_MISMATCH}; a finished run (COMPLETED, FAILED, SKIPPED) never changes its outcome except by
 * deletion, which only the catalog's own decisions start ({@link #markForDeletion}); the type and parent are what
 * the worker reports it took, never what the request asked for, and fixed once the run is finished.
 */
public final class BackupTransitions {

    /** Failure reason when the worker's and the uploader's reports disagree. */
    public static final String CHECKSUM_MISMATCH = BackupCompletion.CHECKSUM_MISMATCH;

    private BackupTransitions() {
    }

    /**
     * The backup after {@code event}.
     *
     * @param current   the backup before, or null when the catalog has not seen it yet
     * @param event     the event's data record (one of the backup lifecycle records)
     * @param eventTime the CloudEvent time, used where the data carries no time of its own
     * @throws IllegalArgumentException for a record that is not a backup lifecycle event
     */
    public static Backup apply(Backup current, Object event, Instant eventTime) {
        Objects.requireNonNull(event, "event");
        LifecycleChecks.requireFits(current, event);
        BackupDraft d = current == null ? new BackupDraft(backupIdOf(event)) : new BackupDraft(current);
        if (event instanceof BackupRequested e) {
            RunTransitions.requested(d, e, or(e.requestedAt(), eventTime));
        } else if (event instanceof SnapshotStarted e) {
            RunTransitions.started(d, e, or(e.startedAt(), eventTime));
        } else if (event instanceof SnapshotCompleted e) {
            RunTransitions.snapshotCompleted(d, e, or(e.completedAt(), eventTime));
        } else if (event instanceof UploadCompleted e) {
            RunTransitions.uploadCompleted(d, e, or(e.completedAt(), eventTime));
        } else if (event instanceof SnapshotSkipped e) {
            RunTransitions.skipped(d, e, or(e.skippedAt(), eventTime));
        } else if (event instanceof SnapshotFailed e) {
            RunTransitions.snapshotFailed(d, e, or(e.failedAt(), eventTime));
        } else if (event instanceof UploadFailed e) {
            RunTransitions.uploadFailed(d, e, or(e.failedAt(), eventTime));
        } else if (event instanceof BackupDiscovered e) {
            RunTransitions.discovered(d, e, or(e.createdAt(), eventTime));
        } else if (event instanceof BackupVerified e) {
            ArchiveTransitions.verification(d, new Verification(Verification.Status.VERIFIED,
                    or(e.verifiedAt(), eventTime), e.restoreId(), null), eventTime);
        } else if (event instanceof BackupVerificationFailed e) {
            ArchiveTransitions.verification(d, new Verification(Verification.Status.FAILED,
                    or(e.failedAt(), eventTime), e.restoreId(), e.reason()), eventTime);
        } else if (event instanceof DeleteRequested) {
            // it fits only a backup the catalog already marked: it repeats a decision and changes nothing
            return current;
        } else if (event instanceof BackupDeleted e) {
            ArchiveTransitions.deleted(d, e, or(e.deletedAt(), eventTime));
        } else if (event instanceof BackupDeleteFailed e) {
            ArchiveTransitions.deleteFailed(d, e, or(e.failedAt(), eventTime));
        } else {
            throw new IllegalArgumentException("Not a backup lifecycle event: " + event.getClass());
        }
        return d.toBackup();
    }

    /**
     * The backup after the catalog itself decided to delete it (retention or an operator): DELETING, the
     * request's time recorded. Only this marks a backup for deletion; a {@code DeleteRequested} read from
     * backup.deletions never does.
     *
     * @param current the backup, null when unknown
     * @throws LifecycleEventRefused {@value LifecycleChecks#NOT_DELETABLE} unless the backup is COMPLETED or
     *                               PARTLY_DELETED
     */
    public static Backup markForDeletion(Backup current, DeleteRequested decision, Instant eventTime) {
        LifecycleChecks.requireDeletable(current, decision.backupId());
        BackupDraft d = new BackupDraft(current);
        ArchiveTransitions.deleteDecided(d, or(decision.requestedAt(), eventTime));
        return d.toBackup();
    }

    /** A DELETING backup whose delete the catalog requests again, at {@code at}. */
    public static Backup deleteRequestedAgain(Backup current, Instant at) {
        if (current.status() != BackupStatus.DELETING) {
            throw new IllegalStateException("backup " + current.id() + " is " + current.status() + ", not DELETING");
        }
        BackupDraft d = new BackupDraft(current);
        ArchiveTransitions.deleteRequestedAgain(d, at);
        return d.toBackup();
    }

    /** Whether {@code event} is a backup lifecycle record this class applies. */
    public static boolean isBackupEvent(Object event) {
        return event instanceof BackupRequested || event instanceof SnapshotStarted
                || event instanceof SnapshotCompleted || event instanceof UploadCompleted
                || event instanceof SnapshotSkipped || event instanceof SnapshotFailed || event instanceof UploadFailed
                || event instanceof BackupVerified || event instanceof BackupVerificationFailed
                || event instanceof DeleteRequested || event instanceof BackupDeleted
                || event instanceof BackupDeleteFailed || event instanceof BackupDiscovered;
    }

    /** The backup id an event is about. */
    public static String backupIdOf(Object event) {
        if (event instanceof BackupRequested e) {
            return e.backupId();
        } else if (event instanceof SnapshotStarted e) {
            return e.backupId();
        } else if (event instanceof SnapshotCompleted e) {
            return e.backupId();
        } else if (event instanceof UploadCompleted e) {
            return e.backupId();
        } else if (event instanceof SnapshotSkipped e) {
            return e.backupId();
        } else if (event instanceof SnapshotFailed e) {
            return e.backupId();
        } else if (event instanceof UploadFailed e) {
            return e.backupId();
        } else if (event instanceof BackupVerified e) {
            return e.backupId();
        } else if (event instanceof BackupVerificationFailed e) {
            return e.backupId();
        } else if (event instanceof DeleteRequested e) {
            return e.backupId();
        } else if (event instanceof BackupDeleted e) {
            return e.backupId();
        } else if (event instanceof BackupDeleteFailed e) {
            return e.backupId();
        } else if (event instanceof BackupDiscovered e) {
            return e.backupId();
        }
        throw new IllegalArgumentException("Not a backup lifecycle event: " + event.getClass());
    }
}
