package io.backstream.schema.event;

import java.time.Instant;

/** The archive and manifest of a backup are gone from the object store. Published on {@code backup.events}. */
public record BackupDeleted(
        String backupId,
        String storage,
        String key,
        Instant deletedAt) {
}
