package io.backstream.catalog.domain;

import java.time.Instant;
import java.util.List;

/** What the snapshot worker reported when it finished writing the archive stream. */
public record SnapshotResult(long chunkCount, long rawBytes, long storedBytes, String sha256, long fileCount,
                             List<String> warnings, Instant completedAt) {
    public SnapshotResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
