package io.backstream.catalog.domain;

import java.time.Instant;

/**
 * Backup runs of one target over a window.
 *
 * @param successRate completed / (completed + failed); null when no run finished either way
 * @param bytes       stored bytes of the completed runs
 */
public record TargetStats(String targetId, long runs, long completed, long failed, long skipped, long bytes,
                          Double successRate, Instant lastSuccess) {
}
