package io.backstream.schema.event;

import io.backstream.schema.TargetKind;
import java.time.Instant;

/** A worker owns a target. Published on the compacted {@code backup.targets} at worker start-up, key targetId. */
public record TargetAnnounced(
        String targetId,
        String workerId,
        TargetKind kind,
        String description,
        Instant announcedAt) {
}
