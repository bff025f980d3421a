package io.backstream.schema.event;

import java.time.Instant;
import java.util.List;

/**
 * A restore began; {@code backupIds} is the chain applied in order (full first). Published on {@code restore.events}, key restoreId.
 * {@code destination} is null for a verification drill.
 */
public record RestoreStarted(
        String restoreId,
        List<String> backupIds,
        RestoreDestination destination,
        long bytesTotal,
        Instant startedAt) {

    public RestoreStarted {
        backupIds = backupIds == null ? List.of() : List.copyOf(backupIds);
    }
}
