package io.backstream.schema.event;

import java.time.Instant;

/** Delete a backup's archive and manifest (retention or operator). Published on {@code backup.deletions}, key backupId. */
public record DeleteRequested(
        String backupId,
        String storage,
        String key,
        String manifestKey,
        String reason,
        String requestedBy,
        Instant requestedAt) {
}
