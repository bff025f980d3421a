package io.backstream.catalog.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of {@code backups}: the flat form of {@link io.backstream.catalog.domain.Backup}. */
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
        @Nullable Instant retainUntil) {
}
