package io.backstream.schema.event;

import java.time.Instant;
import java.util.List;

/**
 * Restore a backup, or a target as of a point in time (the catalog resolves the chain). Published on
 * {@code restore.requests}, key restoreId. Either {@code backupId} or both {@code targetId} and {@code pointInTime} are set;
 * {@code destination} may be null only when {@code verifyOnly} (drills restore into scratch space).
 */
public record RestoreRequested(
        String restoreId,
        String backupId,
        String targetId,
        Instant pointInTime,
        RestoreDestination destination,
        boolean overwrite,
        List<String> includePaths,
        boolean verifyOnly,
        String requestedBy,
        Instant requestedAt) {

    public RestoreRequested {
        includePaths = includePaths == null ? List.of() : List.copyOf(includePaths);
    }
}
