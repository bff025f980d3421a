package io.backstream.catalog.domain;

import java.time.Instant;

/**
 * Where the uploader stored the archive and what it stored.
 *
 * @param retainUntil object-lock retain-until date of the archive, null when it is not locked (or not known)
 */
public record UploadResult(String bucket, String key, String manifestKey, long size, String sha256, String etag,
                           long chunkCount, Instant completedAt, Instant retainUntil) {
}
