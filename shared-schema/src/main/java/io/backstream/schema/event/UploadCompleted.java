package io.backstream.schema.event;

import java.time.Instant;

/** The archive object and its manifest are durable in the object store. Published on {@code backup.events}. */
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
        Instant completedAt) {
}
