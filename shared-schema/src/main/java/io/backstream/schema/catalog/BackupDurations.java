package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

/** How long a backup's snapshot, upload and whole run took, in seconds. */
public record BackupDurations(@Nullable Double snapshotSeconds, @Nullable Double uploadSeconds,
                        @Nullable Double totalSeconds) {
}
