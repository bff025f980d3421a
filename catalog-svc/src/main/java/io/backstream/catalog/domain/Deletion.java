package io.backstream.catalog.domain;

import java.time.Instant;
import java.util.List;

/**
 * Deletion bookkeeping of a backup: when it was asked for, when it happened, why it last failed.
 *
 * @param deletedKeys the backup's object keys a failed delete already removed (empty when none): a backup with
 *                    any is PARTLY_DELETED, never restorable
 */
public record Deletion(Instant requestedAt, Instant deletedAt, String failureReason, Instant failedAt,
                       List<String> deletedKeys) {
    public Deletion {
        deletedKeys = deletedKeys == null ? List.of() : List.copyOf(deletedKeys);
    }
}
