package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;

/**
 * One backup in a list. {@code size} is the uploaded archive size, {@code verification} the status of the newest
 * restore drill; {@code id}, {@code status} and {@code createdAt} are always present.
 */
public record BackupSummary(String id, @Nullable String targetId, @Nullable String policyId, @Nullable String type,
                            String status, @Nullable String failureReason, Instant createdAt,
                            @Nullable Instant finishedAt, @Nullable Long size, @Nullable String parentBackupId,
                            @Nullable String verification) {
}
