package io.backstream.schema.event;

import java.time.Instant;

/** Archiving failed; the backup is FAILED. Published on {@code backup.events}. */
public record SnapshotFailed(
        String backupId,
        String targetId,
        String workerId,
        String reason,
        Instant failedAt) {
}
