package io.backstream.schema.event;

import java.time.Instant;

/** A verification drill restored the backup to scratch space and every checksum matched. Published on {@code backup.events}. */
public record BackupVerified(
        String backupId,
        String restoreId,
        long bytes,
        long files,
        Instant verifiedAt) {
}
