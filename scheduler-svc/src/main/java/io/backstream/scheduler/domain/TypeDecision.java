package io.backstream.scheduler.domain;

import io.backstream.schema.BackupType;

/**
 * Whether a run is FULL or INCREMENTAL, and why.
 *
 * @param type           the decided type
 * @param parentBackupId parent of an INCREMENTAL, null for FULL
 * @param reason         short machine-readable reason, e.g. {@code full-schedule-due}
 */
public record TypeDecision(BackupType type, String parentBackupId, String reason) {
}
