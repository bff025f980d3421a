package io.backstream.restore.domain;

/**
 * Where one backup's archive lives, as the catalog reports it.
 *
 * @param storage     name of a configured storage
 * @param key         archive object key
 * @param manifestKey manifest object key
 */
public record BackupLocation(String backupId, String targetId, String type, String storage, String key,
                             String manifestKey, long size, String sha256) {
}
