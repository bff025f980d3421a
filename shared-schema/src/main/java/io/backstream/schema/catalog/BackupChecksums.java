package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

/** SHA-256 (hex) of the archive as the worker wrote it and as the uploader stored it. */
public record BackupChecksums(@Nullable String snapshotSha256, @Nullable String uploadSha256) {
}
