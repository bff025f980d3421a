package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;

/** One target's backup outcomes in a stats window; {@code successRate} is absent when nothing ran. */
public record TargetStatsView(String targetId, long runs, long completed, long failed, long skipped, long bytes,
                              @Nullable Double successRate, @Nullable Instant lastSuccess) {
}
