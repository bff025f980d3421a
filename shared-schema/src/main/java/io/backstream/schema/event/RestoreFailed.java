package io.backstream.schema.event;

import java.time.Instant;

/** A restore failed; nothing was swapped in. {@code backupId} names the failing backup when known. Published on {@code restore.events}. */
public record RestoreFailed(
        String restoreId,
        String backupId,
        String reason,
        Instant failedAt) {
}
