package io.backstream.schema.event;

import java.time.Instant;
import java.util.List;

/**
 * Deleting a backup failed (for example an object-lock retention). Published on {@code backup.events}.
 *
 * @param deletedKeys the backup's object keys the attempt deleted (or found already gone) before it failed, so
 *                    the catalog can tell a partial delete; null in events written before the field existed
 */
public record BackupDeleteFailed(
        String backupId,
        String storage,
        String key,
        String reason,
        Instant failedAt,
        List<String> deletedKeys) {

    /** A failed delete that removed nothing. */
    public BackupDeleteFailed(String backupId, String storage, String key, String reason, Instant failedAt) {
        this(backupId, storage, key, reason, failedAt, null);
    }
}
