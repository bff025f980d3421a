package io.backstream.schema.event;

import java.time.Instant;

/**
 * The archive object and its manifest are durable in the object store. Published on {@code backup.events}.
 *
 * @param retainUntil object-lock retain-until date of the archive (it cannot be deleted before then); null when
 *                    the storage has no object lock, and in events written before the field existed
 */
public record UploadCompleted(
        String backupId,
        String targetId,
        String storage,
        String bucket,
        String key,
        String manifestKey,
        long size,
        String sha256,
        String etag,
        long chunkCount,
        Instant completedAt,
        Instant retainUntil) {

    /** An upload to a storage without object lock. */
    public UploadCompleted(String backupId, String targetId, String storage, String bucket, String key,
                           String manifestKey, long size, String sha256, String etag, long chunkCount,
                           Instant completedAt) {
        this(backupId, targetId, storage, bucket, key, manifestKey, size, sha256, etag, chunkCount, completedAt,
                null);
    }
}
