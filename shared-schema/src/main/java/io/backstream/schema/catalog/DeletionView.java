package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * Deletion of a backup: when it was asked for, done, or last failed.
 *
 * @param deletedKeys object keys a failed (partial) delete already removed; empty or absent when none
 */
public record DeletionView(@Nullable Instant requestedAt, @Nullable Instant deletedAt,
                           @Nullable String failureReason, @Nullable Instant failedAt,
                           @Nullable List<String> deletedKeys) {
}
