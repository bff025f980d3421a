package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;

/**
 * Everything the catalog knows about one backup ({@code GET /v1/backups/{id}}). {@code sizes}, {@code durations},
 * {@code checksums}, {@code location} and {@code chain} are always present, their fields only once known;
 * {@code manifest} once the snapshot completed.
 */
public record BackupDetail(String id, @Nullable String targetId, @Nullable String targetKind,
                           @Nullable String policyId, @Nullable String type, String status,
                           @Nullable String failureReason, @Nullable String workerId, @Nullable String compression,
                           Instant createdAt, @Nullable Instant requestedAt, @Nullable Instant startedAt,
                           @Nullable Instant snapshotCompletedAt, @Nullable Instant uploadCompletedAt,
                           @Nullable Instant finishedAt, Sizes sizes, BackupDurations durations, BackupChecksums checksums,
                           Location location, @Nullable ManifestSummary manifest, Chain chain,
                           @Nullable VerificationView verification, @Nullable DeletionView deletion) {
}
