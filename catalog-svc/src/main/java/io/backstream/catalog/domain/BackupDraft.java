package io.backstream.catalog.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;

import java.time.Instant;
import java.util.Objects;

/** A mutable working copy of a backup while {@link BackupTransitions} applies one event to it. */
final class BackupDraft {
    final String id;
    String targetId;
    TargetKind targetKind;
    String policyId;
    BackupType type;
    String parentBackupId;
    String storage;
    Compression compression;
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

    BackupDraft(String id) {
        this.id = Objects.requireNonNull(id, "backupId");
    }

    BackupDraft(Backup b) {
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

    /** {@code value}, or {@code fallback} when it is null: how every transition fills a field not yet known. */
    static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
