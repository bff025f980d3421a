package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/** One restore as the catalog tracks it, with its progress. */
public record RestoreView(String id, String status, List<String> backupIds, @Nullable String targetId,
                          @Nullable Instant pointInTime, @Nullable String destination, boolean verifyOnly,
                          long bytesDone, long bytesTotal, long files, @Nullable Long durationMillis,
                          @Nullable String failureReason, @Nullable String failedBackupId,
                          @Nullable Instant requestedAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
                          Instant createdAt, Instant updatedAt) {
}
