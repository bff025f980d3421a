package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

/** Where a backup's archive is: the named storage, its bucket, the archive's and the manifest's object keys. */
public record Location(@Nullable String storage, @Nullable String bucket, @Nullable String key,
                       @Nullable String manifestKey, @Nullable String etag) {
}
