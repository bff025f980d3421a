package io.backstream.schema.event;

import java.time.Instant;

/** A requested backup did not run (for example one is already running for the target). Published on {@code backup.events}. */
public record SnapshotSkipped(
        String backupId,
        String targetId,
        String policyId,
        String reason,
        Instant skippedAt) {
}
