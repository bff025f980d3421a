package io.backstream.catalog.persistence;

import io.backstream.catalog.domain.Restore;
import io.backstream.catalog.domain.RestoreStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.backstream.catalog.persistence.Statements.micros;

/** A row of {@code restores}: the flat form of {@link Restore}, its backup ids comma-separated. */
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

    /** The columns of a row, in the order of its components: what every query that reads restores selects. */
    static final String COLUMNS = "id, status, backup_ids, target_id, point_in_time, destination, verify_only,"
            + " bytes_done, bytes_total, files, duration_millis, failure_reason, failed_backup_id, requested_at,"
            + " started_at, finished_at, created_at, updated_at";

    static RestoreRow of(Restore r) {
        return new RestoreRow(r.id(), r.status().name(),
                r.backupIds().isEmpty() ? null : String.join(",", r.backupIds()), r.targetId(),
                micros(r.pointInTime()), r.destination(), r.verifyOnly(), r.bytesDone(), r.bytesTotal(), r.files(),
                r.durationMillis(), r.failureReason(), r.failedBackupId(), micros(r.requestedAt()),
                micros(r.startedAt()), micros(r.finishedAt()), micros(r.createdAt()), micros(r.updatedAt()));
    }

    Restore toRestore() {
        return new Restore(id, RestoreStatus.valueOf(status),
                backupIds == null ? List.of() : Arrays.asList(backupIds.split(",")), targetId, pointInTime,
                destination, verifyOnly, bytesDone, bytesTotal, files, durationMillis, failureReason, failedBackupId,
                requestedAt, startedAt, finishedAt, createdAt, updatedAt);
    }
}
