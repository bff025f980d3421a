package io.backstream.catalog.domain;

import java.time.Instant;

/** Where the uploader stored the archive and what it stored. */
public record UploadResult(String bucket, String key, String manifestKey, long size, String sha256, String etag,
                           long chunkCount, Instant completedAt) {
}
