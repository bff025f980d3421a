package io.backstream.catalog.domain;

import java.time.Instant;

/** Deletion bookkeeping of a backup: when it was asked for, when it happened, why it last failed. */
public record Deletion(Instant requestedAt, Instant deletedAt, String failureReason, Instant failedAt) {
}
