package io.backstream.catalog.domain;

import io.backstream.schema.BackupType;
import io.backstream.schema.Compression;
import io.backstream.schema.TargetKind;

import java.time.Duration;
import java.time.Instant;

/**
 * One backup as the catalog knows it. Fields that no event has reported yet are null.
 *
 * @param createdAt      the earliest time any event reported for this backup (request, start ...); the list and
 *                       restore-point order
 * @param finishedAt     when the run reached COMPLETED, FAILED or SKIPPED
 * @param lastProgressAt the time of the newest event that moved the run on; timeouts count from here
 */
public record Backup(
        String id,
        String targetId,
        TargetKind targetKind,
        String policyId,
        BackupType type,
        String parentBackupId,
        String storage,
        Compression compression,
        String encryptionKeyId,
        String workerId,
        BackupStatus status,
        String failureReason,
        Instant createdAt,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant lastProgressAt,
        SnapshotResult snapshot,
        UploadResult upload,
        Verification verification,
        Deletion deletion) {

    /** Time from the start of the snapshot (or the request) to the end of the run; null while running. */
    public Duration totalDuration() {
        Instant from = startedAt != null ? startedAt : requestedAt;
        return from == null || finishedAt == null ? null : Duration.between(from, finishedAt);
    }

    /** Time the worker spent producing the archive stream; null until both ends are known. */
    public Duration snapshotDuration() {
        return startedAt == null || snapshot == null ? null : Duration.between(startedAt, snapshot.completedAt());
    }
}
