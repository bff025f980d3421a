package io.backstream.catalog.domain;

import io.backstream.schema.BackupCompletion;
import io.backstream.schema.BackupType;
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

/**
 * The backup state machine: how one lifecycle event changes a backup.
 *
 * <p>Callers may rely on: the first event of a backup creates it, whichever it is; a duplicate or late event
 * never moves a backup to an earlier stage; a run is COMPLETED only once both the snapshot and the upload
 * have been reported and their sizes, chunk counts and SHA-256 agree, otherwise FAILED with
 * {@value #CHECKSUM_MISMATCH}; a finished run (COMPLETED, FAILED, SKIPPED) never changes its outcome except by
 * deletion.
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
        Draft d = current == null ? new Draft(backupIdOf(event)) : new Draft(current);
        if (event instanceof BackupRequested e) {
            requested(d, e, or(e.requestedAt(), eventTime));
        } else if (event instanceof SnapshotStarted e) {
            started(d, e, or(e.startedAt(), eventTime));
        } else if (event instanceof SnapshotCompleted e) {
            snapshotCompleted(d, e, or(e.completedAt(), eventTime));
        } else if (event instanceof UploadCompleted e) {
            uploadCompleted(d, e, or(e.completedAt(), eventTime));
        } else if (event instanceof SnapshotSkipped e) {
            skipped(d, e, or(e.skippedAt(), eventTime));
        } else if (event instanceof SnapshotFailed e) {
            d.targetId = or(d.targetId, e.targetId());
            d.workerId = or(d.workerId, e.workerId());
            fail(d, e.reason(), or(e.failedAt(), eventTime));
        } else if (event instanceof UploadFailed e) {
            d.targetId = or(d.targetId, e.targetId());
            d.storage = or(d.storage, e.storage());
            fail(d, e.reason(), or(e.failedAt(), eventTime));
        } else if (event instanceof BackupVerified e) {
            verification(d, new Verification(Verification.Status.VERIFIED, or(e.verifiedAt(), eventTime),
                    e.restoreId(), null), eventTime);
        } else if (event instanceof BackupVerificationFailed e) {
            verification(d, new Verification(Verification.Status.FAILED, or(e.failedAt(), eventTime),
                    e.restoreId(), e.reason()), eventTime);
        } else if (event instanceof DeleteRequested e) {
            deleteRequested(d, e, or(e.requestedAt(), eventTime));
        } else if (event instanceof BackupDeleted e) {
            deleted(d, e, or(e.deletedAt(), eventTime));
        } else if (event instanceof BackupDeleteFailed e) {
            deleteFailed(d, e, or(e.failedAt(), eventTime));
        } else if (event instanceof BackupDiscovered e) {
            discovered(d, e, or(e.createdAt(), eventTime));
        } else {
            throw new IllegalArgumentException("Not a backup lifecycle event: " + event.getClass());
        }
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

    /** Whether the worker's and the uploader's reports describe the same bytes. */
    public static boolean agree(SnapshotResult snapshot, UploadResult upload) {
        return BackupCompletion.agrees(new BackupCompletion.Report(snapshot.storedBytes(), snapshot.chunkCount(),
                snapshot.sha256()), new BackupCompletion.Report(upload.size(), upload.chunkCount(), upload.sha256()));
    }

    private static void requested(Draft d, BackupRequested e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.type = or(d.type, e.type());
        d.parentBackupId = or(d.parentBackupId, e.parentBackupId());
        d.storage = or(d.storage, e.storage());
        d.compression = or(d.compression, e.compression());
        d.encryptionKeyId = or(d.encryptionKeyId, e.encryptionKeyId());
        d.policyId = or(d.policyId, e.policyId());
        d.requestedAt = or(d.requestedAt, at);
        d.seen(at);
    }

    private static void started(Draft d, SnapshotStarted e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.targetKind = or(d.targetKind, e.targetKind());
        d.workerId = or(d.workerId, e.workerId());
        d.type = or(d.type, e.type());
        d.parentBackupId = or(d.parentBackupId, e.parentBackupId());
        d.compression = or(d.compression, e.compression());
        d.storage = or(d.storage, e.storage());
        d.policyId = or(d.policyId, e.policyId());
        d.startedAt = or(d.startedAt, at);
        d.seen(at);
        d.advanceTo(BackupStatus.SNAPSHOTTING, at);
    }

    private static void snapshotCompleted(Draft d, SnapshotCompleted e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.targetKind = or(d.targetKind, e.targetKind());
        d.workerId = or(d.workerId, e.workerId());
        d.type = or(d.type, e.type());
        d.parentBackupId = or(d.parentBackupId, e.parentBackupId());
        d.compression = or(d.compression, e.compression());
        d.encryptionKeyId = or(d.encryptionKeyId, e.encryptionKeyId());
        d.storage = or(d.storage, e.storage());
        d.policyId = or(d.policyId, e.policyId());
        d.startedAt = or(d.startedAt, e.startedAt());
        d.seen(or(e.startedAt(), at));
        if (d.status.isFinished()) {
            return;
        }
        d.snapshot = or(d.snapshot, new SnapshotResult(e.chunkCount(), e.rawBytes(), e.storedBytes(), e.sha256(),
                e.fileCount(), e.warnings(), at));
        d.advanceTo(BackupStatus.UPLOADING, at);
        decide(d, at);
    }

    private static void uploadCompleted(Draft d, UploadCompleted e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.storage = or(d.storage, e.storage());
        d.seen(at);
        if (d.status.isFinished()) {
            return;
        }
        d.upload = or(d.upload, new UploadResult(e.bucket(), e.key(), e.manifestKey(), e.size(), e.sha256(),
                e.etag(), e.chunkCount(), at, e.retainUntil()));
        d.advanceTo(BackupStatus.UPLOADING, at);
        decide(d, at);
    }

    /** Closes the run once both reports are in. */
    private static void decide(Draft d, Instant at) {
        if (d.snapshot == null || d.upload == null) {
            return;
        }
        if (agree(d.snapshot, d.upload)) {
            d.finish(BackupStatus.COMPLETED, null, later(at, d.snapshot.completedAt(), d.upload.completedAt()));
        } else {
            d.finish(BackupStatus.FAILED, CHECKSUM_MISMATCH, at);
        }
    }

    private static void skipped(Draft d, SnapshotSkipped e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.policyId = or(d.policyId, e.policyId());
        d.seen(at);
        if (!d.status.isFinished()) {
            d.finish(BackupStatus.SKIPPED, e.reason(), at);
        }
    }

    private static void fail(Draft d, String reason, Instant at) {
        d.seen(at);
        if (!d.status.isFinished()) {
            d.finish(BackupStatus.FAILED, reason, at);
        }
    }

    private static void verification(Draft d, Verification verification, Instant eventTime) {
        d.seen(eventTime);
        if (d.verification == null || !verification.at().isBefore(d.verification.at())) {
            d.verification = verification;
        }
    }

    private static void deleteRequested(Draft d, DeleteRequested e, Instant at) {
        d.storage = or(d.storage, e.storage());
        d.seen(at);
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(or(deletion.requestedAt(), at), deletion.deletedAt(), deletion.failureReason(),
                deletion.failedAt());
        if (d.status == BackupStatus.COMPLETED) {
            d.status = BackupStatus.DELETING;
        }
    }

    private static void deleted(Draft d, BackupDeleted e, Instant at) {
        d.storage = or(d.storage, e.storage());
        d.seen(at);
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(deletion.requestedAt(), or(deletion.deletedAt(), at), deletion.failureReason(),
                deletion.failedAt());
        d.status = BackupStatus.DELETED;
    }

    private static void deleteFailed(Draft d, BackupDeleteFailed e, Instant at) {
        d.storage = or(d.storage, e.storage());
        d.seen(at);
        if (d.status == BackupStatus.DELETED) {
            return;
        }
        Deletion deletion = deletion(d);
        d.deletion = new Deletion(deletion.requestedAt(), null, e.reason(), at);
        if (d.status == BackupStatus.DELETING) {
            d.status = BackupStatus.COMPLETED;
        }
    }

    private static void discovered(Draft d, BackupDiscovered e, Instant at) {
        d.targetId = or(d.targetId, e.targetId());
        d.targetKind = or(d.targetKind, e.targetKind());
        d.type = or(d.type, e.type());
        d.parentBackupId = or(d.parentBackupId, e.parentBackupId());
        d.storage = or(d.storage, e.storage());
        d.compression = or(d.compression, e.compression());
        d.seen(at);
        if (d.status.isFinished()) {
            return;
        }
        // the manifest in the bucket is the proof of a finished upload: a rebuilt catalog trusts it
        d.upload = or(d.upload, new UploadResult(null, e.key(), e.manifestKey(), e.size(), e.sha256(), null,
                e.chunkCount(), at, null));
        d.snapshot = or(d.snapshot, new SnapshotResult(e.chunkCount(), 0, e.size(), e.sha256(), 0, null, at));
        d.startedAt = or(d.startedAt, at);
        d.finish(BackupStatus.COMPLETED, null, at);
    }

    private static Deletion deletion(Draft d) {
        return d.deletion != null ? d.deletion : new Deletion(null, null, null, null);
    }

    private static Instant later(Instant a, Instant b, Instant c) {
        Instant max = a;
        for (Instant candidate : new Instant[] {b, c}) {
            if (candidate != null && candidate.isAfter(max)) {
                max = candidate;
            }
        }
        return max;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** A mutable working copy of a backup while one event is applied. */
    private static final class Draft {
        final String id;
        String targetId;
        io.backstream.schema.TargetKind targetKind;
        String policyId;
        BackupType type;
        String parentBackupId;
        String storage;
        io.backstream.schema.Compression compression;
        String encryptionKeyId;
        String workerId;
        BackupStatus status = BackupStatus.REQUESTED;
        String failureReason;
        Instant createdAt;
        Instant requestedAt;
        Instant startedAt;
        Instant finishedAt;
        Instant lastProgressAt;
        SnapshotResult snapshot;
        UploadResult upload;
        Verification verification;
        Deletion deletion;

        Draft(String id) {
            this.id = Objects.requireNonNull(id, "backupId");
        }

        Draft(Backup b) {
            this.id = b.id();
            targetId = b.targetId();
            targetKind = b.targetKind();
            policyId = b.policyId();
            type = b.type();
            parentBackupId = b.parentBackupId();
            storage = b.storage();
            compression = b.compression();
            encryptionKeyId = b.encryptionKeyId();
            workerId = b.workerId();
            status = b.status();
            failureReason = b.failureReason();
            createdAt = b.createdAt();
            requestedAt = b.requestedAt();
            startedAt = b.startedAt();
            finishedAt = b.finishedAt();
            lastProgressAt = b.lastProgressAt();
            snapshot = b.snapshot();
            upload = b.upload();
            verification = b.verification();
            deletion = b.deletion();
        }

        /** Keeps createdAt at the earliest reported time; a new backup starts its progress clock here. */
        void seen(Instant at) {
            if (at == null) {
                return;
            }
            if (createdAt == null || at.isBefore(createdAt)) {
                createdAt = at;
            }
            if (lastProgressAt == null) {
                lastProgressAt = at;
            }
        }

        /** Moves forward to {@code next} if the backup is at an earlier stage; never backwards. */
        void advanceTo(BackupStatus next, Instant at) {
            if (status.ordinal() < next.ordinal() && !status.isFinished()) {
                status = next;
            }
            if (!status.isFinished() && at != null && (lastProgressAt == null || at.isAfter(lastProgressAt))) {
                lastProgressAt = at;
            }
        }

        void finish(BackupStatus outcome, String reason, Instant at) {
            status = outcome;
            failureReason = reason;
            finishedAt = at;
            if (at != null && (lastProgressAt == null || at.isAfter(lastProgressAt))) {
                lastProgressAt = at;
            }
        }

        Backup toBackup() {
            return new Backup(id, targetId, targetKind, policyId, type, parentBackupId, storage, compression,
                    encryptionKeyId, workerId, status, failureReason, createdAt, requestedAt, startedAt, finishedAt,
                    lastProgressAt, snapshot, upload, verification, deletion);
        }
    }
}
