package io.backstream.schema.catalog;

import jakarta.annotation.Nullable;

import java.time.Instant;

/** Deletion of a backup: when it was asked for, done, or last failed. */
public record DeletionView(@Nullable Instant requestedAt, @Nullable Instant deletedAt,
                           @Nullable String failureReason, @Nullable Instant failedAt) {
}
