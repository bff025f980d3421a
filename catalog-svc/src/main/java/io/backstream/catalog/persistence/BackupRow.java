package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Backup;
import io.backstream.catalog.domain.BackupStatus;
import io.backstream.catalog.domain.Deletion;
import io.backstream.catalog.domain.SnapshotResult;
import io.backstream.catalog.domain.UploadResult;
import io.backstream.catalog.domain.Verification;
import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.backstream.catalog.persistence.Statements.micros;

/** A row of {@code backups}: the flat form of {@link Backup}. */
@MappedEntity("backups")
record BackupRow(
        @Id String id,
        @Nullable String targetId,
        @Nullable String targetKind,
        @Nullable String policyId,
        @Nullable String backupType,
        @Nullable String parentBackupId,
        @Nullable String storage,
        @Nullable String compression,
        @Nullable String encryptionKeyId,
        @Nullable String workerId,
        String status,
        @Nullable String failureReason,
        Instant createdAt,
        @Nullable Instant requestedAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        Instant lastProgressAt,
        @Nullable Instant snapshotCompletedAt,
        @Nullable Long chunkCount,
        @Nullable Long rawBytes,
        @Nullable Long storedBytes,
        @Nullable String snapshotSha256,
        @Nullable Long fileCount,
        @Nullable String warnings,
        @Nullable Instant uploadCompletedAt,
        @Nullable String bucket,
        @Nullable String objectKey,
        @Nullable String manifestKey,
        @Nullable Long uploadSize,
        @Nullable String uploadSha256,
        @Nullable Long uploadChunkCount,
        @Nullable String etag,
        @Nullable String verificationStatus,
        @Nullable Instant verifiedAt,
        @Nullable String verificationRestoreId,
        @Nullable String verificationReason,
        @Nullable Instant deleteRequestedAt,
        @Nullable Instant deletedAt,
        @Nullable String deleteFailureReason,
        @Nullable Instant deleteFailedAt,
        @Nullable Instant retainUntil,
        @Nullable String deletedKeys) {

    /** The columns of a row, in the order of its components: what every query that reads backups selects. */
    static final String COLUMNS = "id, target_id, target_kind, policy_id, backup_type, parent_backup_id, storage,"
            + " compression, encryption_key_id, worker_id, status, failure_reason, created_at, requested_at,"
            + " started_at, finished_at, last_progress_at, snapshot_completed_at, chunk_count, raw_bytes,"
            + " stored_bytes, snapshot_sha256, file_count, warnings, upload_completed_at, bucket, object_key,"
            + " manifest_key, upload_size, upload_sha256, upload_chunk_count, etag, verification_status,"
            + " verified_at, verification_restore_id, verification_reason, delete_requested_at, deleted_at,"
            + " delete_failure_reason, delete_failed_at, retain_until, deleted_keys";

    static BackupRow of(Backup b) {
        SnapshotResult s = b.snapshot();
        UploadResult u = b.upload();
        Verification v = b.verification();
        Deletion d = b.deletion();
        return new BackupRow(b.id(), b.targetId(), name(b.targetKind()), b.policyId(), name(b.type()),
                b.parentBackupId(), b.storage(), name(b.compression()), b.encryptionKeyId(), b.workerId(),
                b.status().name(), b.failureReason(), micros(b.createdAt()), micros(b.requestedAt()),
                micros(b.startedAt()), micros(b.finishedAt()), micros(b.lastProgressAt()),
                s == null ? null : micros(s.completedAt()), s == null ? null : s.chunkCount(),
                s == null ? null : s.rawBytes(), s == null ? null : s.storedBytes(), s == null ? null : s.sha256(),
                s == null ? null : s.fileCount(), s == null || s.warnings().isEmpty() ? null
                        : String.join("\n", s.warnings()),
                u == null ? null : micros(u.completedAt()), u == null ? null : u.bucket(),
                u == null ? null : u.key(), u == null ? null : u.manifestKey(), u == null ? null : u.size(),
                u == null ? null : u.sha256(), u == null ? null : u.chunkCount(), u == null ? null : u.etag(),
                v == null ? null : v.status().name(), v == null ? null : micros(v.at()),
                v == null ? null : v.restoreId(), v == null ? null : v.reason(),
                d == null ? null : micros(d.requestedAt()), d == null ? null : micros(d.deletedAt()),
                d == null ? null : d.failureReason(), d == null ? null : micros(d.failedAt()),
                u == null ? null : micros(u.retainUntil()),
                d == null || d.deletedKeys().isEmpty() ? null : String.join("\n", d.deletedKeys()));
    }

    Backup toBackup() {
        SnapshotResult snapshot = snapshotCompletedAt == null ? null : new SnapshotResult(
                zero(chunkCount), zero(rawBytes), zero(storedBytes), snapshotSha256, zero(fileCount),
                warnings == null ? List.of() : Arrays.asList(warnings.split("\n")), snapshotCompletedAt);
        UploadResult upload = uploadCompletedAt == null ? null : new UploadResult(bucket, objectKey, manifestKey,
                zero(uploadSize), uploadSha256, etag, zero(uploadChunkCount), uploadCompletedAt, retainUntil);
        Verification verification = verificationStatus == null ? null : new Verification(
                Verification.Status.valueOf(verificationStatus), verifiedAt, verificationRestoreId,
                verificationReason);
        Deletion deletion = deleteRequestedAt == null && deletedAt == null && deleteFailedAt == null
                ? null : new Deletion(deleteRequestedAt, deletedAt, deleteFailureReason, deleteFailedAt,
                deletedKeys == null ? List.of() : Arrays.asList(deletedKeys.split("\n")));
        return new Backup(id, targetId, targetKind == null ? null : TargetKind.valueOf(targetKind), policyId,
                backupType == null ? null : BackupType.valueOf(backupType), parentBackupId, storage,
                compression == null ? null : Compression.valueOf(compression), encryptionKeyId, workerId,
                BackupStatus.valueOf(status), failureReason, createdAt, requestedAt, startedAt, finishedAt,
                lastProgressAt, snapshot, upload, verification, deletion);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static long zero(Long value) {
        return value == null ? 0 : value;
    }
}
