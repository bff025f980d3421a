package io.backstream.schema.event;

import java.time.Instant;

/** Deleting a backup failed (for example an object-lock retention). Published on {@code backup.events}. */
public record BackupDeleteFailed(
        String backupId,
        String storage,
        String key,
        String reason,
        Instant failedAt) {
}
