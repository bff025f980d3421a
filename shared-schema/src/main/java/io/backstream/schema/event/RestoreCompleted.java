package io.backstream.schema.event;

import java.time.Instant;
import java.util.List;

/** A restore finished and was swapped in after every checksum matched. Published on {@code restore.events}. */
public record RestoreCompleted(
        String restoreId,
        List<String> backupIds,
        long bytes,
        long files,
        long durationMillis,
        Instant completedAt) {

    public RestoreCompleted {
        backupIds = backupIds == null ? List.of() : List.copyOf(backupIds);
    }
}
