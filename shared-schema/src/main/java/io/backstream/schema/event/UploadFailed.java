package io.backstream.schema.event;

import java.time.Instant;

/** Writing the archive failed for good. Published on {@code backup.events}. */
public record UploadFailed(
        String backupId,
        String targetId,
        String storage,
        String reason,
        Instant failedAt) {
}
