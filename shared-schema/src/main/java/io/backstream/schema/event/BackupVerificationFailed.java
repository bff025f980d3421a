package io.backstream.schema.event;

import java.time.Instant;

/** A verification drill of the backup failed. Published on {@code backup.events}. */
public record BackupVerificationFailed(
        String backupId,
        String restoreId,
        String reason,
        Instant failedAt) {
}
