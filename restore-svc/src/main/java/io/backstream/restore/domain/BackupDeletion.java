package io.backstream.restore.domain;

import java.time.Instant;

/**
 * What the catalog records of one backup that a delete needs: where its objects are and where its deletion stands.
 *
 * @param status      the catalog's status ({@code COMPLETED}, {@code DELETING}, {@code DELETED}, ...)
 * @param storage     name of the storage holding the objects, null when unknown
 * @param key         archive object key, null when unknown
 * @param manifestKey manifest object key, null when unknown
 * @param requestedAt when the catalog recorded a delete request, null for none
 * @param deletedAt   when the catalog recorded the backup deleted, null while it is not
 */
public record BackupDeletion(String backupId, String status, String storage, String key, String manifestKey,
                             Instant requestedAt, Instant deletedAt) {

    /** Whether the catalog wants the backup deleted now: a delete was requested, and it is DELETING, not yet gone. */
    public boolean marked() {
        return "DELETING".equals(status) && requestedAt != null && deletedAt == null;
    }
}
