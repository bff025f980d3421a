package io.backstream.catalog.domain;

import io.backstream.schema.BackupType;

import java.time.Instant;

/**
 * A page request over backups. Null filters match everything; {@code from} is inclusive and {@code to}
 * exclusive, both on createdAt; {@code after} continues a previous page in the same direction.
 */
public record BackupQuery(String targetId, String policyId, BackupStatus status, BackupType type, Instant from,
                          Instant to, boolean descending, BackupCursor after, int limit) {
}
