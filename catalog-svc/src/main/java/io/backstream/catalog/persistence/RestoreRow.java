package io.backstream.catalog.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of {@code restores}. */
@MappedEntity("restores")
record RestoreRow(
        @Id String id,
        String status,
        @Nullable String backupIds,
        @Nullable String targetId,
        @Nullable Instant pointInTime,
        @Nullable String destination,
        boolean verifyOnly,
        long bytesDone,
        long bytesTotal,
        long files,
        @Nullable Long durationMillis,
        @Nullable String failureReason,
        @Nullable String failedBackupId,
        @Nullable Instant requestedAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        Instant createdAt,
        Instant updatedAt) {
}
