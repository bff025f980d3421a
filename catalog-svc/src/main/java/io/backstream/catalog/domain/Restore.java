package io.backstream.catalog.domain;

import java.time.Instant;
import java.util.List;

/**
 * One restore as the catalog knows it from {@code restore.events}; fields no event has reported yet are null
 * (counters 0).
 *
 * @param backupIds   the backups applied, in apply order
 * @param destination the destination as {@code KIND:path-or-database}
 * @param createdAt   the earliest time any event reported; the list order
 */
public record Restore(
        String id,
        RestoreStatus status,
        List<String> backupIds,
        String targetId,
        Instant pointInTime,
        String destination,
        boolean verifyOnly,
        long bytesDone,
        long bytesTotal,
        long files,
        Long durationMillis,
        String failureReason,
        String failedBackupId,
        Instant requestedAt,
        Instant startedAt,
        Instant finishedAt,
        Instant createdAt,
        Instant updatedAt) {

    public Restore {
        backupIds = backupIds == null ? List.of() : List.copyOf(backupIds);
    }

    /** This restore of target {@code target}. */
    public Restore withTargetId(String target) {
        return new Restore(id, status, backupIds, target, pointInTime, destination, verifyOnly, bytesDone, bytesTotal,
                files, durationMillis, failureReason, failedBackupId, requestedAt, startedAt, finishedAt, createdAt,
                updatedAt);
    }
}
